import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OrderMachine } from '../machines/runEvent';
import { sameSecret, type ConsoleSession } from '../src/api';
import { MAX_DOCUMENT_BYTES } from '../src/engine/systems/DocumentSystem';
import type { HistoryEntryView } from '../src/engine/types';
import type { DevMail, DevMailboxEntry } from '../src/mail';
import type { OrderKind } from '../src/orders/orderInput';
import type { OrderView } from '../src/orders/view';
import { orAbsent, required, type ApiAnswer, type ConsoleApi } from './ConsoleApi';
import { eventFields, mountainInstant, mountainLocal, parseEventForm, type FormValues } from './forms/eventForms';
import { layoutMachine, renderMachineSvg, type MachineLayout } from './machine/diagram';
import { machineGraph } from './machine/machineGraph';
import { boardFilters, boardPage, loadBoard, type BoardQuery } from './pages/board';
import { calendarPage, mondayOf, type OpenSlot } from './pages/calendar';
import { errorPage } from './pages/layout';
import { mailboxPage, mailPage } from './pages/mailbox';
import { checkResultHtml, orderPage, type CalendarAnswer, type DocumentMeta, type MailEntry, type Note, type OrderPageState } from './pages/order';
import type { Html } from './html';

export interface PageDeps {
  machines: Record<OrderKind, OrderMachine>;
  apiFor(request: FastifyRequest): ConsoleApi;
}

const HTML = 'text/html; charset=utf-8';

/** Refusals in words: the API's message, its rule code, and each field problem. */
function refusalWords(answer: ApiAnswer<unknown>): string {
  if (answer.ok) return '';
  const { message, details } = answer.error;
  const issues = (details?.issues as { path?: string; message: string }[] | undefined) ?? [];
  const rule = typeof details?.code === 'string' ? ` (${details.code})` : '';
  return [`${message}${rule}`, ...issues.map((issue) => `${issue.path ? `${issue.path}: ` : ''}${issue.message}`)].join(' — ');
}

/** A plain field of a multipart form, read before the file (the browser sends fields in the form's order). */
function fieldValue(part: MultipartFile, name: string): string | undefined {
  const field = part.fields[name];
  return field && !Array.isArray(field) && field.type === 'field' && typeof field.value === 'string' ? field.value : undefined;
}

const TOO_LARGE = `That file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB, so it was not stored.`;

/** An upload refused by the API (or by the console's own 10 MB bound), in words. */
function uploadRefusalWords(answer: ApiAnswer<unknown>): string {
  if (answer.status === 415) return `That file is not a PDF, PNG, JPEG or TIFF, so it was not stored. (${refusalWords(answer)})`;
  if (answer.status === 413) return TOO_LARGE;
  return refusalWords(answer);
}

/** The list filters the API's list operation declares in /openapi.json (R62's arrive with the desk routes). */
async function supportedFilters(api: ConsoleApi): Promise<ReadonlySet<string>> {
  const document = required(await api.get<{ paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }> }>('/openapi.json'));
  const parameters = document.paths['/v1/port-orders']?.get?.parameters ?? [];
  return new Set(parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name));
}

async function serviceNow(api: ConsoleApi): Promise<string> {
  const sandbox = orAbsent(await api.get<{ now: string }>('/v1/sandbox/clock'));
  return sandbox?.now ?? new Date().toISOString();
}

/** The board, the order page (with its event and note forms), the calendar and the mailbox. */
export function registerPageRoutes(app: FastifyInstance, deps: PageDeps): void {
  // Laid out at start, not on the first order page: elkjs's first layout takes seconds while it warms up.
  const layouts = new Map<OrderKind, Promise<MachineLayout>>();
  for (const kind of Object.keys(deps.machines) as OrderKind[]) {
    const layout = layoutMachine(machineGraph(deps.machines[kind]));
    layout.catch(() => undefined); // a failure surfaces on the order pages that await it
    layouts.set(kind, layout);
  }
  const layoutOf = (kind: OrderKind) => layouts.get(kind)!;
  let filters: Promise<ReadonlySet<string>> | null = null;
  const session = (request: FastifyRequest): ConsoleSession => request.consoleSession!;
  const emptyState = (): OrderPageState => ({ forms: {}, checkResult: null, notice: null, noteError: null });

  app.get<{ Querystring: BoardQuery }>('/', async (request, reply) => {
    const api = deps.apiFor(request);
    filters ??= supportedFilters(api).catch((error: unknown) => {
      filters = null;
      throw error;
    });
    const query: BoardQuery = {};
    for (const name of boardFilters) if (typeof request.query[name] === 'string') query[name] = request.query[name].slice(0, 200);
    const board = await loadBoard(api, query, await filters);
    return reply.type(HTML).send(String(boardPage(session(request), board, query)));
  });

  async function renderOrder(request: FastifyRequest, orderId: string, state: OrderPageState, status = 200) {
    const api = deps.apiFor(request);
    const id = encodeURIComponent(orderId);
    const [order, history, notes, documents, mailbox, now] = await Promise.all([
      api.get<OrderView>(`/v1/port-orders/${id}`),
      api.get<{ items: HistoryEntryView[] }>(`/v1/port-orders/${id}/history`),
      api.get<{ items: Note[] }>(`/v1/port-orders/${id}/notes`),
      api.get<{ items: DocumentMeta[] }>(`/v1/port-orders/${id}/documents`),
      api.get<{ messages: MailEntry[] }>('/v1/dev/mailbox'),
      serviceNow(api),
    ]);
    const view = required(order);
    const svg = renderMachineSvg(
      await layoutOf(view.kind),
      { current: view.state, armedTimers: view.armedTimers.map((timer) => timer.timer) },
      `The ${view.kind} order machine; the current state ${view.state} is filled`,
    );
    const page = orderPage(
      session(request),
      {
        order: view,
        history: required(history).items,
        notes: orAbsent(notes)?.items ?? null,
        documents: orAbsent(documents)?.items ?? null,
        mails: orAbsent(mailbox)?.messages.filter((mail) => mail.subject.includes(view.id)) ?? null,
        now,
        machineSvg: svg,
      },
      state,
    );
    return { status, page };
  }

  async function calendarCheck(api: ConsoleApi, order: OrderView, values: FormValues): Promise<Html | null> {
    if (!values.startAt) return null;
    const answer = await api.post<CalendarAnswer>('/v1/porting-calendar/check', {
      startAt: mountainInstant(values.startAt),
      offHours: values.offHours === 'on',
      acknowledgeRisk: values.acknowledgeRisk === 'on',
      focDate: order.focDate,
      windowEnd: order.window?.endsAt ?? null,
    });
    return answer.ok ? checkResultHtml(answer.body) : null;
  }

  app.get<{ Params: { id: string }; Querystring: { done?: string; startAt?: string; event?: string } }>('/orders/:id', async (request, reply) => {
    const { done, startAt, event } = request.query;
    const state: OrderPageState = { forms: {}, checkResult: null, notice: null, noteError: null };
    if (done) state.notice = done === 'note' ? 'Note added.' : done === 'document' ? 'Document uploaded.' : `${done.slice(0, 40)} accepted.`;
    if (startAt && (event === 'SCHEDULE' || event === 'RESCHEDULE')) {
      // From the calendar: the form comes filled in, with the calendar's live answer for that slot.
      const values = { startAt: mountainLocal(startAt) };
      state.forms[event] = { values, errors: {}, refusal: null, open: true };
      const order = required(await deps.apiFor(request).get<OrderView>(`/v1/port-orders/${encodeURIComponent(request.params.id)}`));
      state.checkResult = await calendarCheck(deps.apiFor(request), order, values);
    }
    const { status, page } = await renderOrder(request, request.params.id, state);
    return reply.code(status).type(HTML).send(String(page));
  });

  /** The live check of the SCHEDULE form (console.js): an HTML fragment for its status region. */
  app.get<{ Params: { id: string }; Querystring: FormValues }>('/orders/:id/check', async (request, reply) => {
    const api = deps.apiFor(request);
    const order = required(await api.get<OrderView>(`/v1/port-orders/${encodeURIComponent(request.params.id)}`));
    const result = await calendarCheck(api, order, request.query);
    return reply.type(HTML).send(result ? String(result) : '');
  });

  app.post<{ Params: { id: string }; Body: FormValues }>('/orders/:id/events', async (request, reply) => {
    const api = deps.apiFor(request);
    const values = request.body ?? {};
    const type = String(values.type ?? '');
    const id = request.params.id;
    const state: OrderPageState = { forms: {}, checkResult: null, notice: null, noteError: null };
    const scheduling = type === 'SCHEDULE' || type === 'RESCHEDULE';
    if (!eventFields(type)) return reply.code(400).type(HTML).send(String((await renderOrder(request, id, state)).page));
    if (scheduling) {
      const order = required(await api.get<OrderView>(`/v1/port-orders/${encodeURIComponent(id)}`));
      state.checkResult = await calendarCheck(api, order, values);
    }
    if (values.intent === 'check') {
      state.forms[type] = { values, errors: {}, refusal: null, open: true };
      return reply.type(HTML).send(String((await renderOrder(request, id, state)).page));
    }
    const parsed = parseEventForm(type, values);
    if (!parsed.ok) {
      state.forms[type] = { values, errors: parsed.errors, refusal: null, open: true };
      return reply.code(400).type(HTML).send(String((await renderOrder(request, id, state)).page));
    }
    const answer = await api.post<OrderView>(`/v1/port-orders/${encodeURIComponent(id)}/events`, parsed.event);
    if (answer.ok) return reply.redirect(`/console/orders/${encodeURIComponent(id)}?done=${type}`, 303);
    state.forms[type] = { values, errors: {}, refusal: refusalWords(answer), open: true };
    return reply.code(answer.status).type(HTML).send(String((await renderOrder(request, id, state)).page));
  });

  app.post<{ Params: { id: string }; Body: FormValues }>('/orders/:id/notes', async (request, reply) => {
    const api = deps.apiFor(request);
    const id = request.params.id;
    const answer = await api.post(`/v1/port-orders/${encodeURIComponent(id)}/notes`, { text: request.body?.text ?? '', visibility: request.body?.visibility ?? 'internal' });
    if (answer.ok) return reply.redirect(`/console/orders/${encodeURIComponent(id)}?done=note#timeline-heading`, 303);
    const state: OrderPageState = { forms: {}, checkResult: null, notice: null, noteError: refusalWords(answer) };
    return reply.code(answer.status).type(HTML).send(String((await renderOrder(request, id, state)).page));
  });

  /**
   * R61 upload (docs/console.md): the browser's multipart form is read here, bounded like the API (one file of at
   * most 10 MB, refused while it streams), then sent on to POST /v1/port-orders/:id/documents as the person.
   * Multipart is parsed in this scope only; the CSRF token is the form's first field, checked before the file is read.
   */
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 2, fieldSize: 200, parts: 3, headerPairs: 20 },
    });
    scope.post<{ Params: { id: string } }>('/orders/:id/documents', { config: { consoleCsrf: 'in-handler' } }, async (request, reply) => {
      const id = request.params.id;
      let type = '';
      const refuse = async (status: number, words: string) => {
        const state = { ...emptyState(), documentError: words, documentType: type };
        return reply.code(status).type(HTML).send(String((await renderOrder(request, id, state)).page));
      };
      // The multipart reader's own refusals (FST_*: past a limit, malformed), in words; anything else is a fault.
      const unreadable = (error: unknown) => {
        const { code, statusCode } = error as { code?: string; statusCode?: number };
        if (code === 'FST_REQ_FILE_TOO_LARGE') return refuse(413, TOO_LARGE);
        if (code?.startsWith('FST_') && statusCode && statusCode < 500) return refuse(statusCode, 'The upload could not be read: send one type and one file, as the form does.');
        throw error;
      };
      let part: MultipartFile | undefined;
      try {
        part = request.isMultipart() ? await request.file() : undefined;
      } catch (error) {
        return unreadable(error);
      }
      if (!part) return refuse(400, 'Choose a file to upload.');
      if (!sameSecret(fieldValue(part, '_csrf'), session(request).csrfToken)) {
        part.file.resume();
        return reply.code(403).type(HTML).send(String(errorPage(session(request), 'Refused', 'This form is out of date (CSRF token mismatch). Reload the page and try again.')));
      }
      type = fieldValue(part, 'type') ?? '';
      let content: Buffer;
      try {
        content = await part.toBuffer();
      } catch (error) {
        return unreadable(error);
      }
      if (content.length === 0) return refuse(400, 'Choose a file to upload (the one given is empty).');
      const form = new FormData();
      form.append('type', type);
      form.append('file', new Blob([content], { type: part.mimetype }), part.filename || 'document');
      const answer = await deps.apiFor(request).postForm(`/v1/port-orders/${encodeURIComponent(id)}/documents`, form);
      if (answer.ok) return reply.redirect(`/console/orders/${encodeURIComponent(id)}?done=document#documents-heading`, 303);
      return refuse(answer.status, uploadRefusalWords(answer));
    });
  });

  app.get<{ Querystring: { from?: string; order?: string } }>('/calendar', async (request, reply) => {
    const api = deps.apiFor(request);
    const now = await serviceNow(api);
    const monday = mondayOf(request.query.from, now);
    const [slots, scheduled, order] = await Promise.all([
      api.get<{ slots: OpenSlot[] }>(`/v1/porting-calendar/slots?from=${monday}&days=7`),
      // Off-hours ports of the week: scheduled orders, newest first, one bounded page.
      api.get<{ items: OrderView[] }>('/v1/port-orders?state=scheduled&limit=200'),
      request.query.order ? api.get<OrderView>(`/v1/port-orders/${encodeURIComponent(request.query.order)}`) : Promise.resolve(null),
    ]);
    const week = {
      monday,
      now,
      slots: required(slots).slots,
      offHoursPorts: required(scheduled).items.filter((item) => item.schedule?.offHours),
      order: order ? required(order) : null,
    };
    return reply.type(HTML).send(String(calendarPage(session(request), week)));
  });

  app.get('/mailbox', async (request, reply) => {
    const messages = orAbsent(await deps.apiFor(request).get<{ messages: DevMailboxEntry[] }>('/v1/dev/mailbox'));
    return reply.type(HTML).send(String(mailboxPage(session(request), messages?.messages ?? null)));
  });

  app.get<{ Params: { file: string } }>('/mailbox/:file', async (request, reply) => {
    const mail = required(await deps.apiFor(request).get<DevMail>(`/v1/dev/mailbox/${encodeURIComponent(request.params.file)}`));
    return reply.type(HTML).send(String(mailPage(session(request), mail)));
  });
}
