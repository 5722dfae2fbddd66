import type { PersistedOrder } from '../../../machines/runEvent';
import { NotFoundError } from '../../errors/NotFoundError';
import { newNoteId } from '../../orders/ids';
import { noteInputSchema, type Note } from '../../notes/noteInput';
import { InvalidCursorError } from '../../store/errors/InvalidCursorError';
import type { Actor, Page } from '../types';
import type { EngineContext } from './EngineContext';
import type { OrderViewSystem } from './OrderViewSystem';
import { parseOrThrow } from './parseOrThrow';
import { publishOrderRecord } from './publishOrderRecord';

/** §9: an order's notes are bounded (10,000 characters each: at most about 10 MB per order). */
export const MAX_NOTES_PER_ORDER = 1000;

/** A cursor is the id of the last note of a page. */
const NOTE_ID = /^note_[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * R60: notes on an order. A note is not an order transition: it leaves the order's version and
 * history alone, and publishes `port_order.note_added` outside the seq. A customer note is also
 * mailed to the order's contacts (R37.1: the notice names the order and its reference).
 */
export class NoteSystem {
  constructor(
    private readonly ctx: EngineContext,
    private readonly views: OrderViewSystem,
  ) {}

  async add(orderId: string, input: unknown, actor: Actor): Promise<Note> {
    const { text, visibility } = parseOrThrow(noteInputSchema, input);
    const stored = await this.ctx.store.load(orderId);
    if (!stored) throw new NotFoundError('order', orderId);
    const at = (await this.ctx.now()).toUTC().toISO()!;
    const note: Note = { id: newNoteId(), orderId, text, visibility, author: { role: actor.role ?? actor.id, name: actor.id }, createdAt: at };
    await publishOrderRecord(this.ctx, {
      kind: 'notes',
      orderId,
      record: note,
      at,
      eventType: 'port_order.note_added',
      view: this.views.viewOf(JSON.parse(stored.snapshot) as PersistedOrder, stored.version),
      payload: { note },
      mails: visibility === 'customer' ? [{ type: 'mail', template: 'customerNote', to: 'contacts', data: { noteId: note.id, text } }] : [],
      maxPerOrder: MAX_NOTES_PER_ORDER,
    });
    return note;
  }

  /** Oldest first, `limit` at a time; `cursor` is the previous page's `nextCursor`. */
  async list(orderId: string, query: { limit: number; cursor?: string }): Promise<Page<Note>> {
    if (query.cursor !== undefined && !NOTE_ID.test(query.cursor)) throw new InvalidCursorError('cursor', query.cursor);
    const notes = await this.ctx.store.records.all<Note>('notes', orderId);
    if (notes.length === 0 && !(await this.ctx.store.load(orderId))) throw new NotFoundError('order', orderId);
    const after = query.cursor === undefined ? notes : notes.filter((note) => note.id > query.cursor!);
    const items = after.slice(0, query.limit);
    return { items, nextCursor: after.length > query.limit ? items[items.length - 1].id : null };
  }
}
