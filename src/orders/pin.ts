import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Config } from '../config/config';
import { PinDecryptError } from './PinDecryptError';

/**
 * R12, the PIN is write-only: it is stored only as AES-256-GCM ciphertext (`PinCipher`, keyed by
 * `loadPinKey`), and anything named like a passcode is cut out of history and logs (`redact`).
 *
 * GCM authenticates as well as encrypts, so a changed blob fails to open instead of yielding a
 * wrong PIN. The blob is self-describing, `v1:<iv>:<tag>:<ciphertext>` (base64), the version
 * leaving room to rotate the scheme.
 */

const ALGORITHM = 'aes-256-gcm';
const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12; // the GCM standard nonce size
const TAG_BYTES = 16;

export class PinCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) throw new RangeError(`PinCipher: the key must be ${KEY_BYTES} bytes, got ${key.length}`);
  }

  encrypt(pin: string): string {
    const iv = randomBytes(IV_BYTES); // a fresh nonce per PIN: GCM must never reuse one under a key
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(pin, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
  }

  /** Throws `PinDecryptError` when the blob is malformed, altered or sealed with another key. */
  decrypt(blob: string): string {
    const parts = blob.split(':');
    if (parts.length !== 4 || parts[0] !== VERSION) throw new PinDecryptError(`not a ${VERSION} PIN blob`);
    const [, iv, tag, ciphertext] = parts.map((part) => Buffer.from(part, 'base64'));
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new PinDecryptError('bad nonce or tag length');
    const decipher = createDecipheriv(ALGORITHM, this.key, iv);
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new PinDecryptError('authentication failed (altered, or sealed with another key)');
    }
  }
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const DEV_KEY_FILE = 'pin.key';

/**
 * The PIN key: `PIN_ENCRYPTION_KEY` (64 hex characters) in production. Without it, a development
 * key is generated once and kept in `<DATA_DIR>/pin.key` (mode 0600), so PINs stored by one run
 * can still be read by the next; `warn` says so, since a key next to the data protects little.
 */
export function loadPinKey(config: Pick<Config, 'PIN_ENCRYPTION_KEY' | 'DATA_DIR'>, warn: (message: string) => void): Buffer {
  if (config.PIN_ENCRYPTION_KEY !== undefined) return Buffer.from(config.PIN_ENCRYPTION_KEY, 'hex');
  const path = join(config.DATA_DIR, DEV_KEY_FILE);
  mkdirSync(config.DATA_DIR, { recursive: true });
  const created = createKeyFileOnce(path);
  warn(
    `PIN_ENCRYPTION_KEY is not set: ${created ? 'generated' : 'using'} the development PIN key in ${path}; ` +
      'set PIN_ENCRYPTION_KEY in production',
  );
  const hex = readFileSync(path, 'utf8').trim();
  if (!HEX_KEY.test(hex)) {
    throw new ConfigError('PIN_ENCRYPTION_KEY', `not set, and ${path} does not hold a 64-hex-character key (delete it to generate one)`);
  }
  return Buffer.from(hex, 'hex');
}

/**
 * Writes a new key to a private temporary file, then links it into place: the link either creates
 * the complete file or fails because one exists, so two processes starting together agree on one
 * key and neither reads a half-written file.
 */
function createKeyFileOnce(path: string): boolean {
  const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    unlinkSync(draft);
  }
}

/**
 * A deep copy of `value` with every field whose name looks like a passcode replaced by '[redacted]',
 * at any depth, in objects and arrays. Used on history payloads and log lines.
 *
 * A name "looks like a passcode" when one of its words (camelCase, snake_case, kebab-case) starts
 * with pin, passcode, password, secret or token: `pin`, `pinCiphertext`, `PIN_CODE`, `apiToken`,
 * `secrets` — but not `shipping` or `typing`, which merely contain the letters.
 */
export const REDACTED = '[redacted]';

const SENSITIVE_WORD = /^(pin|passcode|password|secret|token)/;
/** Word breaks: non-letters, `aB` (camelCase) and `ABc` (an acronym before a word: XMLToken). */
const WORD_BOUNDARY = /[^A-Za-z]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/;

const verdicts = new Map<string, boolean>();

export function isSensitiveFieldName(name: string): boolean {
  let verdict = verdicts.get(name);
  if (verdict === undefined) {
    verdict = name.split(WORD_BOUNDARY).some((word) => SENSITIVE_WORD.test(word.toLowerCase()));
    // Field names come from a small vocabulary; the cap keeps hostile keys from growing the cache.
    if (verdicts.size < 10_000) verdicts.set(name, verdict);
  }
  return verdict;
}

export function redact<T>(value: T): T {
  return redactValue(value) as T;
}

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] = isSensitiveFieldName(key) ? REDACTED : redactValue(field);
  }
  return copy;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
