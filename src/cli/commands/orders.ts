import { Option, type Command } from 'commander';
import { deskAction, jsonArgument, orderPath, positiveInteger, textArgument } from '../desk';
import { asJson, fields, mountainTime, table } from '../output';

/* The API's shapes, as far as the tables read them (the JSON output is the API's, whole). */
interface OrderView {
  id: string;
  kind: string;
  state: string;
  stateDetail: string;
  version: number;
  allowedEvents: string[];
  portType: string;
  losingCarrier?: string;
  numbers: { number: string; status: string }[];
  account: { companyName: string };
  focDate: string | null;
  schedule: { startAt: string; offHours: boolean } | null;
  window: { releasedAt: string; endsAt: string } | null;
  rejectionCount: number;
  lastRejection: { code: string | null; reason: string } | null;
  atRisk: boolean;
  createdAt: string;
  updatedAt: string;
}
interface HistoryEntry {
  seq: number;
  at: string;
  type: string;
  actor: string;
  from: string | null;
  to: string;
}
interface Note {
  id: string;
  text: string;
  visibility: string;
  author: { role: string; name: string };
  createdAt: string;
}

function numbersCell(numbers: OrderView['numbers']): string {
  return numbers.length <= 1 ? (numbers[0]?.number ?? '') : `${numbers[0].number} +${numbers.length - 1}`;
}

function authorCell(author: Note['author']): string {
  return author.name && author.name !== author.role ? `${author.name} (${author.role})` : author.role;
}

function summary(view: OrderView): string {
  return `${view.id}  ${view.state}${view.stateDetail !== view.state ? ` (${view.stateDetail})` : ''}  version ${view.version}  next: ${view.allowedEvents.join(', ') || 'nothing (final)'}`;
}

/** `orders show` lists at most this many history entries, the latest ones. */
const HISTORY_SHOWN = 200;

/** SPEC R67: `portflow orders list|show|create|event|notes`. */
export function registerOrderCommands(program: Command): void {
  const orders = program.command('orders').description('port orders: list, show, create, send events, notes');

  orders
    .command('list')
    .description('list port orders, newest first (times in Mountain Time)')
    .option('--state <state>', 'only orders in this state (e.g. scheduled)')
    .option('--kind <kind>', 'only this kind: us, tollFree or international')
    .option('--number <e164>', 'the orders holding this number (exact E.164)')
    .option('--customer-reference <reference>', 'the orders with this customer reference')
    .option('--q <prefix>', 'company name or losing carrier starts with this (any case)')
    .option('--needs-attention', 'only orders that need the desk (rejected, at risk, FOC overdue, …)')
    .option('--limit <n>', 'at most this many orders', positiveInteger)
    .option('--cursor <cursor>', 'continue after a previous page (its nextCursor)')
    .action(
      deskAction(async ({ api, out }, options: Record<string, string | number | boolean | undefined>) => {
        const page = await api.request<{ items: OrderView[]; nextCursor: string | null }>('GET', '/v1/port-orders', {
          query: {
            state: options.state,
            kind: options.kind,
            number: options.number,
            customerReference: options.customerReference,
            q: options.q,
            needsAttention: options.needsAttention ? 'true' : undefined,
            limit: options.limit,
            cursor: options.cursor,
          },
        });
        if (out.json) return out.print(asJson(page));
        out.print(
          table(
            ['ID', 'KIND', 'STATE', 'NUMBERS', 'COMPANY', 'FOC', 'PORT START (MT)', 'UPDATED (MT)'],
            page.items.map((o) => [o.id, o.kind, o.state, numbersCell(o.numbers), o.account.companyName, o.focDate, o.schedule ? mountainTime(o.schedule.startAt) : null, mountainTime(o.updatedAt)]),
          ),
        );
        if (page.nextCursor) out.note(`more: portflow orders list --cursor ${page.nextCursor}`);
      }),
    );

  orders
    .command('show')
    .description('one order: its numbers, dates (Mountain Time), next events and history')
    .argument('<orderId>')
    .action(
      deskAction(async ({ api, out }, orderId: string) => {
        const view = await api.request<OrderView>('GET', orderPath(orderId));
        if (out.json) return out.print(asJson(view));
        // The history is paged (R55): its last page of up to 200 entries, the seq of the entry before it as the cursor.
        const skipped = Math.max(0, view.version - HISTORY_SHOWN);
        const { items: history } = await api.request<{ items: HistoryEntry[] }>(
          'GET',
          orderPath(orderId, `/history?limit=${HISTORY_SHOWN}${skipped > 0 ? `&after=${skipped}` : ''}`),
        );
        const rejection = view.lastRejection;
        out.print(
          [
            fields([
              ['id', view.id],
              ['kind', `${view.kind} (${view.portType})`],
              ['state', view.stateDetail === view.state ? view.state : `${view.state} (${view.stateDetail})`],
              ['version', view.version],
              ['company', view.account.companyName],
              ['losing carrier', view.losingCarrier],
              ['FOC', view.focDate],
              ['port start', view.schedule ? `${mountainTime(view.schedule.startAt)}${view.schedule.offHours ? ' (off-hours)' : ''}` : null],
              ['toll-free window', view.window ? `${mountainTime(view.window.releasedAt)} → ${mountainTime(view.window.endsAt)}` : null],
              ['at risk', view.atRisk ? 'yes' : 'no'],
              ['rejections', rejection ? `${view.rejectionCount}, last: ${[rejection.code, rejection.reason].filter(Boolean).join(' ')}` : view.rejectionCount],
              ['next events', view.allowedEvents.join(', ') || 'none (final)'],
              ['created', mountainTime(view.createdAt)],
              ['updated', mountainTime(view.updatedAt)],
            ]),
            '',
            table(['NUMBER', 'STATUS'], view.numbers.map((n) => [n.number, n.status])),
            '',
            table(['SEQ', 'AT (MT)', 'EVENT', 'FROM', 'TO', 'BY'], history.map((h) => [h.seq, mountainTime(h.at), h.type, h.from, h.to, h.actor])),
          ].join('\n'),
        );
      }),
    );

  orders
    .command('create')
    .description('create an order (state draft) from its JSON: inline, @file or - for stdin')
    .argument('<input>', 'the order input (SPEC §1.2)')
    .option('--idempotency-key <key>', 'repeat a create safely (R40)')
    .option('-q, --quiet', 'print only the new order id (for ID=$(…))')
    .action(
      deskAction(async ({ api, out }, input: string, options: { idempotencyKey?: string; quiet?: boolean }) => {
        const view = await api.request<OrderView>('POST', '/v1/port-orders', {
          json: jsonArgument(input, 'the order input'),
          headers: options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {},
        });
        out.print(out.json ? asJson(view) : options.quiet ? view.id : summary(view));
      }),
    );

  orders
    .command('event')
    .description('send an event: a type (SUBMIT) or the whole event as JSON (\'{"type":"CONFIRM_FOC","focDate":"2026-12-15"}\')')
    .argument('<orderId>')
    .argument('<event>', 'event type, or event JSON (inline, @file or -)')
    .option('-d, --data <json>', 'payload fields merged into the event, as a JSON object')
    .option('--if-match <version>', 'refuse (409 version_conflict) unless the order is at this version (R39)')
    .option('--idempotency-key <key>', 'repeat the request safely (R40)')
    .action(
      deskAction(async ({ api, out }, orderId: string, event: string, options: { data?: string; ifMatch?: string; idempotencyKey?: string }) => {
        const base = /^[A-Z][A-Z0-9_]*$/.test(event) ? { type: event } : jsonArgument(event, 'the event');
        const body = options.data ? { ...base, ...jsonArgument(options.data, '--data') } : base;
        const view = await api.request<OrderView>('POST', orderPath(orderId, '/events'), {
          json: body,
          headers: {
            ...(options.ifMatch ? { 'if-match': options.ifMatch } : {}),
            ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
          },
        });
        out.print(out.json ? asJson(view) : summary(view));
      }),
    );

  const notes = orders.command('notes').description("an order's notes (R60): list, add");

  notes
    .command('list')
    .description('the notes of an order, oldest first')
    .argument('<orderId>')
    .option('--limit <n>', 'at most this many notes', positiveInteger)
    .option('--cursor <cursor>', 'continue after a previous page (its nextCursor)')
    .action(
      deskAction(async ({ api, out }, orderId: string, options: { limit?: number; cursor?: string }) => {
        const answer = await api.request<{ items: Note[]; nextCursor?: string | null }>('GET', orderPath(orderId, '/notes'), { query: options });
        if (out.json) return out.print(asJson(answer));
        out.print(table(['AT (MT)', 'BY', 'VISIBILITY', 'TEXT'], answer.items.map((n) => [mountainTime(n.createdAt), authorCell(n.author), n.visibility, n.text.replace(/\s*\n\s*/g, ' ⏎ ')])));
        if (answer.nextCursor) out.note(`more: portflow orders notes list ${orderId} --cursor ${answer.nextCursor}`);
      }),
    );

  notes
    .command('add')
    .description('add a note; a customer note is mailed to the contacts')
    .argument('<orderId>')
    .argument('<text>', 'the note (multi-line: - reads it from stdin)')
    .addOption(new Option('--visibility <visibility>', 'who may read it').choices(['internal', 'customer']).default('internal'))
    .action(
      deskAction(async ({ api, out }, orderId: string, text: string, options: { visibility: string }) => {
        const note = await api.request<Note>('POST', orderPath(orderId, '/notes'), { json: { text: textArgument(text), visibility: options.visibility } });
        out.print(out.json ? asJson(note) : `note ${note.id} added to ${orderId} (${note.visibility})`);
      }),
    );
}
