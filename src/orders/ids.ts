import { monotonicFactory } from 'ulid';

/**
 * Ids are ULIDs (sortable by creation time, so "newest first" lists need no extra index) behind a
 * prefix naming what they identify. The randomness lives here, never in a machine.
 *
 * Monotonic: two ids made in the same millisecond still sort in the order they were made, so a
 * project's orders (sorted by id) come back in the order of its account blocks.
 */
const nextUlid = monotonicFactory();
export const newOrderId = (): string => `po_${nextUlid()}`;
export const newProjectId = (): string => `pp_${nextUlid()}`;
export const newNoteId = (): string => `note_${nextUlid()}`;
export const newDocumentId = (): string => `doc_${nextUlid()}`;
export const newRedeliveryId = (): string => `rd-${nextUlid()}`;
export const newPingEventId = (): string => `evt_ping_${nextUlid()}`;
