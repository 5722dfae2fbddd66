import { DateTime } from 'luxon';
import type { ConsoleSession } from '../../src/api';
import type { HistoryEntryView } from '../../src/engine/types';
import type { OrderView } from '../../src/orders/view';
import { documentTypes, type DocumentType } from '../../src/documents/documentTypes';
import { calendarDay, kindWords, mountain, stateWords } from '../format';
import { eventForm, type EventFormState } from '../forms/eventForms';
import { html, trusted, type Html } from '../html';
import { page } from './layout';

export interface Note {
  id: string;
  text: string;
  visibility: string;
  author?: { role?: string; name?: string } | string;
  createdAt?: string;
  at?: string;
}

export interface DocumentMeta {
  id: string;
  type: string;
  filename: string;
  size: number;
  uploadedBy?: string;
  uploadedAt: string;
}

export interface MailEntry {
  file: string;
  subject: string;
  to: string;
  date: string;
}

/** Everything the order page shows; notes, documents and mails are null when their route is absent. */
export interface OrderPageData {
  order: OrderView;
  history: HistoryEntryView[];
  notes: Note[] | null;
  documents: DocumentMeta[] | null;
  mails: MailEntry[] | null;
  /** The service's clock (the sandbox clock when it is on): SLA progress is measured against it. */
  now: string;
  machineSvg: string;
}

export interface OrderPageState {
  forms: Record<string, EventFormState>;
  checkResult: Html | null;
  notice: string | null;
  noteError: string | null;
  /** A refused upload, in words (shown in the documents panel). */
  documentError?: string | null;
  /** The type chosen for a refused upload, chosen again. */
  documentType?: string;
}

function header(order: OrderView): Html {
  const schedule = order.schedule;
  return html`<div class="order-head">
<section class="card" aria-labelledby="facts-heading">
<h2 id="facts-heading">Order</h2>
<dl class="facts">
  <dt>Kind</dt><dd>${kindWords[order.kind]}${order.serviceType ? ` (${order.serviceType})` : ''} · ${order.portType} port${order.project ? ' · project' : ''}</dd>
  <dt>State</dt><dd><span class="state state-${order.state}">${stateWords(order.state)}</span>${order.stateDetail !== order.state ? html` <span class="muted">${order.stateDetail}</span>` : ''}</dd>
  <dt>Company</dt><dd>${order.account.companyName}</dd>
  <dt>Losing carrier</dt><dd>${order.losingCarrier}</dd>
  ${order.customerReference ? html`<dt>Customer ref.</dt><dd>${order.customerReference}</dd>` : ''}
  <dt>Version</dt><dd>${order.version}</dd>
</dl>
</section>
<section class="card" aria-labelledby="port-heading">
<h2 id="port-heading">Port</h2>
<dl class="facts">
  <dt>FOC</dt><dd>${calendarDay(order.focDate)}${order.sameDayFoc ? html` <span class="flag">same-day FOC</span>` : ''}${order.atRisk ? html` <span class="flag warn">at risk</span>` : ''}</dd>
  <dt>Port window</dt><dd>${
    schedule
      ? html`${mountain(schedule.startAt)} – ${mountain(schedule.endAt, 'HH:mm ZZZZ')}${schedule.offHours ? html` <span class="flag warn">off-hours${schedule.offHoursFee ? ', fee' : ''}</span>` : ''}`
      : 'not scheduled'
  }</dd>
  ${schedule?.warnings.length ? html`<dt>Warnings</dt><dd>${schedule.warnings.join('; ')}</dd>` : ''}
  ${schedule?.conferenceBridge ? html`<dt>Bridge</dt><dd>${schedule.conferenceBridge}</dd>` : ''}
  ${order.window ? html`<dt>30-day window</dt><dd>released ${mountain(order.window.releasedAt)}, ends ${mountain(order.window.endsAt)}</dd>` : ''}
  ${order.lastRejection ? html`<dt>Last rejection</dt><dd>${order.lastRejection.reason}${order.lastRejection.code ? ` (${order.lastRejection.code})` : ''}</dd>` : ''}
</dl>
<h3>Numbers</h3>
<table><thead><tr><th scope="col">Number</th><th scope="col">Status</th></tr></thead>
<tbody>${order.numbers.map((entry) => html`<tr><td class="mono">${entry.number}</td><td>${entry.status}</td></tr>`)}</tbody></table>
</section>
</div>`;
}

/**
 * How far along an SLA date is: the share of the time from the order's creation to that date already gone.
 * A clock that no longer runs (the carrier answered, the order is closed) says so instead.
 */
function slaRow(label: string, due: { at: string; localDate: string } | null, createdAt: string, now: string, stopped: string | null): Html {
  if (!due) return html`<div class="sla-row"><span>${label}</span><span class="muted">—</span></div>`;
  if (stopped) return html`<div class="sla-row"><span>${label}: <strong>${calendarDay(due.localDate)}</strong></span><span class="hint">${stopped}</span></div>`;
  const start = DateTime.fromISO(createdAt).toMillis();
  const end = DateTime.fromISO(due.at).toMillis();
  const spent = Math.min(1, Math.max(0, (DateTime.fromISO(now).toMillis() - start) / Math.max(1, end - start)));
  const percent = Math.round(spent * 100);
  const daysLeft = Math.ceil((end - DateTime.fromISO(now).toMillis()) / 86_400_000);
  const words = daysLeft < 0 ? `${-daysLeft} days overdue` : `${daysLeft} days left`;
  return html`<div class="sla-row"><span>${label}: <strong>${calendarDay(due.localDate)}</strong></span><span><progress max="100" value="${percent}" aria-label="${label}: ${percent}% of the time used">${percent}%</progress> <span class="hint">${percent}% used, ${words}</span></span></div>`;
}

const closedStates: ReadonlySet<string> = new Set(['completed', 'cancelled', 'dropped']);

function sla(order: OrderView, now: string): Html {
  const closed = closedStates.has(order.state) ? `closed (${stateWords(order.state).toLowerCase()})` : null;
  // The carrier's answer is awaited only while the order is submitted (R21, R23).
  const answer = order.state === 'submitted' ? null : order.state === 'draft' ? 'runs from the submission' : (closed ?? 'answered');
  return html`<section class="card sla" aria-labelledby="sla-heading">
<h2 id="sla-heading">SLA <span class="muted">(as of ${mountain(now)})</span></h2>
${slaRow('Carrier answer due', order.sla.responseDueBy, order.createdAt, now, answer)}
${slaRow('Completion target', order.sla.completionTargetBy, order.createdAt, now, closed)}
${slaRow('Completion at the latest', order.sla.completionLatestBy, order.createdAt, now, closed)}
</section>`;
}

interface TimelineItem {
  at: string;
  /** History entries of one second keep their order (seq); notes, mails and documents of that second come after them. */
  seq: number;
  kind: 'history' | 'note' | 'mail' | 'document';
  body: Html;
}

const PAYLOAD_WORDS = 240;

/** An event's payload in one short line (a CREATE's is the whole order: the header already shows it). */
function payloadWords(entry: HistoryEntryView): string {
  const payload = entry.payload;
  if (entry.type === 'CREATE' || payload === null || typeof payload !== 'object') return '';
  const entries = Object.entries(payload as Record<string, unknown>).filter(([name]) => name !== 'type' && name !== 'at');
  const words = entries.map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`).join(' · ');
  return words.length > PAYLOAD_WORDS ? `${words.slice(0, PAYLOAD_WORDS)}…` : words;
}

function noteAuthor(note: Note): string {
  if (typeof note.author === 'string') return note.author;
  return [note.author?.name, note.author?.role].filter(Boolean).join(', ');
}

function timeline(data: OrderPageData): Html {
  const items: TimelineItem[] = data.history.map((entry) => ({
    at: entry.at,
    seq: entry.seq,
    kind: 'history',
    body: html`<span class="what">${entry.type}</span> ${entry.from && entry.from !== entry.to ? `${stateWords(entry.from)} → ${stateWords(entry.to)}` : stateWords(entry.to)} <span class="muted">by ${entry.actor} · #${entry.seq}</span>${payloadWords(entry) ? html`<pre>${payloadWords(entry)}</pre>` : ''}`,
  }));
  for (const note of data.notes ?? []) {
    items.push({ at: note.createdAt ?? note.at ?? '', seq: Number.MAX_SAFE_INTEGER, kind: 'note', body: html`<span class="what">Note (${note.visibility})</span> <span class="muted">by ${noteAuthor(note)}</span><pre>${note.text}</pre>` });
  }
  for (const mail of data.mails ?? []) {
    items.push({ at: mail.date, seq: Number.MAX_SAFE_INTEGER, kind: 'mail', body: html`<span class="what">Mail</span> <a href="/console/mailbox/${encodeURIComponent(mail.file)}">${mail.subject}</a> <span class="muted">to ${mail.to}</span>` });
  }
  for (const document of data.documents ?? []) {
    items.push({
      at: document.uploadedAt,
      seq: Number.MAX_SAFE_INTEGER,
      kind: 'document',
      body: html`<span class="what">Document (${document.type})</span> <a href="/v1/port-orders/${data.order.id}/documents/${document.id}">${document.filename}</a> <span class="muted">${sizeWords(document.size)}${document.uploadedBy ? ` by ${document.uploadedBy}` : ''}</span>`,
    });
  }
  // Mail Date headers have whole seconds: compare to the second, so a notice sorts after (above) the event that sent it.
  const second = (at: string) => (Number.isNaN(Date.parse(at)) ? '' : new Date(at).toISOString().slice(0, 19));
  items.sort((a, b) => second(b.at).localeCompare(second(a.at)) || b.seq - a.seq);
  return html`<section aria-labelledby="timeline-heading">
<h2 id="timeline-heading">Timeline <span class="muted">(newest first: history${data.notes ? ', notes' : ''}${data.mails ? ', mails' : ''}${data.documents ? ', documents' : ''})</span></h2>
<ol class="timeline">${items.map((item) => html`<li class="kind-${item.kind}"><time datetime="${item.at}">${mountain(item.at)}</time>${item.body}</li>`)}</ol>
</section>`;
}

function actions(session: ConsoleSession, data: OrderPageData, state: OrderPageState): Html {
  if (session.role === 'viewer') {
    return html`<section aria-labelledby="actions-heading"><h2 id="actions-heading">Actions</h2><p class="muted">The viewer role can read only; actions need an integration or ops key.</p></section>`;
  }
  const { order } = data;
  const closed: EventFormState = { values: {}, errors: {}, refusal: null, open: false };
  return html`<section aria-labelledby="actions-heading">
<h2 id="actions-heading">Actions</h2>
${order.allowedEvents.length === 0 ? html`<p class="muted">This order takes no more events.</p>` : ''}
${order.allowedEvents.map((type) => eventForm(order.id, session.csrfToken, type, state.forms[type] ?? closed, type === 'SCHEDULE' || type === 'RESCHEDULE' ? state.checkResult : null))}
${
  data.notes
    ? html`<details class="event-form" id="add-note"${state.noteError ? ' open' : ''}><summary>Add a note</summary>
<form method="post" action="/console/orders/${order.id}/notes">
  <input type="hidden" name="_csrf" value="${session.csrfToken}">
  ${state.noteError ? html`<p class="error" role="alert">${state.noteError}</p>` : ''}
  <div class="field"><label for="note-text">Note</label><textarea id="note-text" name="text" required maxlength="10000" rows="4"></textarea></div>
  <div class="field"><label for="note-visibility">Visibility</label><select id="note-visibility" name="visibility"><option value="internal">Internal (the desk only)</option><option value="customer">Customer (mailed to the contacts)</option></select></div>
  <button type="submit">Add note</button>
</form></details>`
    : ''
}
</section>`;
}

const documentTypeWords: Record<DocumentType, string> = {
  loa: 'LOA (letter of authorization)',
  invoice: 'Invoice (bill copy)',
  csr: 'CSR (customer service record)',
  other: 'Other',
};

function sizeWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** R61: the order's documents (downloads straight from the API, with the session cookie) and, for writers, the upload form. */
function documentsPanel(session: ConsoleSession, data: OrderPageData, state: OrderPageState): Html {
  if (!data.documents) return html``;
  const { order, documents } = data;
  const list = documents.length
    ? html`<div class="table-wrap"><table class="documents"><caption class="visually-hidden">Documents of ${order.id}</caption>
<thead><tr><th scope="col">Type</th><th scope="col">File</th><th scope="col">Size</th><th scope="col">Uploaded</th></tr></thead>
<tbody>${documents.map(
        (document) =>
          html`<tr><td>${document.type}</td><td><a href="/v1/port-orders/${order.id}/documents/${document.id}" download="${document.filename}">${document.filename}</a></td><td class="nowrap">${sizeWords(document.size)}</td><td><time datetime="${document.uploadedAt}">${mountain(document.uploadedAt, 'd LLL yyyy, HH:mm ZZZZ')}</time>${document.uploadedBy ? html`<br><span class="muted">${document.uploadedBy}</span>` : ''}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p class="muted">No documents yet.</p>`;
  const form =
    session.role === 'viewer'
      ? ''
      : html`<form method="post" action="/console/orders/${order.id}/documents" enctype="multipart/form-data" id="upload-document">
  <input type="hidden" name="_csrf" value="${session.csrfToken}">
  ${state.documentError ? html`<p class="error" role="alert">${state.documentError}</p>` : ''}
  <div class="field"><label for="document-type">Type</label><select id="document-type" name="type">${documentTypes.map((type) => html`<option value="${type}"${type === state.documentType ? ' selected' : ''}>${documentTypeWords[type]}</option>`)}</select></div>
  <div class="field"><label for="document-file">File <span class="hint">(PDF, PNG, JPEG or TIFF, at most 10 MB)</span></label><input type="file" id="document-file" name="file" required accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff"></div>
  <button type="submit">Upload</button>
</form>`;
  return html`<section class="card documents-panel" aria-labelledby="documents-heading">
<h2 id="documents-heading">Documents</h2>
${list}
${form}
</section>`;
}

export function orderPage(session: ConsoleSession, data: OrderPageData, state: OrderPageState): Html {
  const { order } = data;
  const timers = order.armedTimers;
  return page(
    { title: order.id, session },
    html`<p><a href="/console">← Board</a></p>
<h1>${order.id} <span class="muted">${order.account.companyName}</span></h1>
${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : ''}
${header(order)}
${sla(order, data.now)}
<section aria-labelledby="machine-heading">
<h2 id="machine-heading">Machine <span class="muted">(${kindWords[order.kind]}, drawn from its XState definition)</span></h2>
<div class="diagram" id="machine" tabindex="0" role="group" aria-label="Machine diagram, scrolls sideways">${trusted(data.machineSvg)}</div>
<p>Current state: <strong>${stateWords(order.state)}</strong>. ${
      timers.length
        ? html`Armed timers (badge on the current state): ${timers.map((timer, i) => html`${i ? ', ' : ''}<strong>${timer.timer}</strong> <span class="muted">(armed by #${timer.visit})</span>`)}.`
        : 'No timer armed.'
    }</p>
</section>
<div class="columns">
${timeline(data)}
<div>
${actions(session, data, state)}
${documentsPanel(session, data, state)}
<p><a href="/console/calendar?order=${order.id}${order.focDate ? `&from=${order.focDate}` : ''}">Pick a slot in the calendar</a></p>
</div>
</div>`,
  );
}

export interface CalendarAnswer {
  allowed: boolean;
  code: string;
  reason: string;
  local: string;
  warnings: string[];
  offHoursFee: boolean;
}

/** The calendar check in words (shown before confirming a SCHEDULE). */
export function checkResultHtml(answer: CalendarAnswer): Html {
  const when = mountain(answer.local);
  if (!answer.allowed) return html`<p class="error"><strong>Not allowed:</strong> ${answer.reason} (${answer.code}) — ${when}</p>`;
  return html`<p class="notice"><strong>Allowed:</strong> ${when}${answer.offHoursFee ? ', off-hours fee' : ''}.</p>${answer.warnings.length ? html`<p class="warning">${answer.warnings.join('; ')}</p>` : ''}`;
}
