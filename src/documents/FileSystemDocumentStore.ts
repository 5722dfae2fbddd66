import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DocumentTooLargeError } from '../errors/DocumentTooLargeError';
import type { DocumentStore, StagedDocument } from './DocumentStore';

/** file-type reads at most this many bytes to recognise a format. */
const HEAD_BYTES = 4100;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The default document store: files under `<DATA_DIR>/documents/<first two hex>/<sha256>`, mode 0600.
 * A file is written to `tmp/` first, fsynced, then renamed into place (rename is atomic on one file
 * system), so a reader never sees half a file and a crash leaves at most a stray `.part`. Several API
 * processes on one host share the folder safely: the same content always lands under the same name.
 */
export class FileSystemDocumentStore implements DocumentStore {
  private readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = join(root, 'tmp');
  }

  async stage(content: Readable, maxBytes: number): Promise<StagedDocument> {
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
    const tmp = join(this.tmpDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let size = 0;
    let headSize = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new DocumentTooLargeError(maxBytes));
        hash.update(chunk);
        if (headSize < HEAD_BYTES) {
          const part = chunk.subarray(0, HEAD_BYTES - headSize);
          head.push(part);
          headSize += part.length;
        }
        done(null, chunk);
      },
    });

    try {
      await pipeline(content, meter, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
      await fsyncFile(tmp);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }

    const sha256 = hash.digest('hex');
    return {
      sha256,
      size,
      head: Buffer.concat(head),
      keep: () => this.keep(tmp, sha256),
      discard: () => rm(tmp, { force: true }),
    };
  }

  async open(sha256: string): Promise<Readable | null> {
    if (!SHA256_HEX.test(sha256)) return null;
    try {
      const file = await open(this.pathOf(sha256), 'r');
      return file.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  private pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Renames the staged file into place, then fsyncs the folder so the rename itself survives a crash. */
  private async keep(tmp: string, sha256: string): Promise<void> {
    const folder = join(this.root, sha256.slice(0, 2));
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await rename(tmp, this.pathOf(sha256));
    await fsyncFile(folder);
  }
}

/** fsync by path: any descriptor of a file (or folder) flushes it. */
async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
