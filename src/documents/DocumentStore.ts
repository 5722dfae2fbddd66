import type { Readable } from 'node:stream';

/**
 * A file streamed into the store but not yet kept: the caller looks at its first bytes (to
 * recognise its type) and then keeps or discards it.
 */
export interface StagedDocument {
  sha256: string;
  size: number;
  /** The first bytes of the file (enough to recognise its type). */
  head: Buffer;
  keep(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Where document files live (R61), outside Redis, named by their content's SHA-256: the same file
 * uploaded twice is stored once. Redis keeps the metadata.
 */
export interface DocumentStore {
  /** Streams `content` in without holding it in memory; refuses it (DocumentTooLargeError) past `maxBytes`. */
  stage(content: Readable, maxBytes: number): Promise<StagedDocument>;
  /** The file with this hash, or null when the store does not have it. */
  open(sha256: string): Promise<Readable | null>;
}
