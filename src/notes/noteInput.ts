import { z } from 'zod';

/** R60: a note is at most this long (characters). */
export const MAX_NOTE_LENGTH = 10_000;

/**
 * R52 for multi-line text: line feeds only — no other C0/C1 control character (CR included), no bidi
 * override or isolate, no lone surrogate (a note is mailed and shown in the console as it is).
 */
const FORBIDDEN_IN_MULTILINE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const noteVisibilities = ['internal', 'customer'] as const;
export type NoteVisibility = (typeof noteVisibilities)[number];

/** `POST /v1/port-orders/:id/notes`. */
export const noteInputSchema = z.strictObject({
  text: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(MAX_NOTE_LENGTH)
    .refine((text) => !FORBIDDEN_IN_MULTILINE.test(text), 'may hold line feeds (\\n) but no other control character, bidi control or lone surrogate'),
  visibility: z.enum(noteVisibilities),
});
export type NoteInput = z.infer<typeof noteInputSchema>;

/** A note as stored and shown. */
export interface Note {
  id: string;
  orderId: string;
  text: string;
  visibility: NoteVisibility;
  /** Who wrote it: the API key's role, and its name (the actor id, e.g. `api:ops`). */
  author: { role: string; name: string };
  createdAt: string;
}
