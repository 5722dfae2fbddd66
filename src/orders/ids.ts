import { ulid } from 'ulid';

/**
 * Ids are ULIDs (sortable by creation time, so "newest first" lists need no extra index) behind a
 * prefix naming what they identify. The randomness lives here, never in a machine.
 */
export const newOrderId = (): string => `po_${ulid()}`;
export const newProjectId = (): string => `pp_${ulid()}`;
