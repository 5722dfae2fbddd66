import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PinDecryptError } from './PinDecryptError';
import type { PinKey } from './pinKeys';

/**
 * R12/R57, the PIN is write-only: it is stored only as AES-256-GCM ciphertext (`PinCipher`, keyed
 * by `loadPinKeys`), and anything named like a passcode is cut out of history and logs (`redact`).
 *
 * The blob is `v2:<keyId>:<iv>:<tag>:<ciphertext>` (base64 parts):
 * - GCM authenticates as well as encrypts, so a changed blob fails to open instead of yielding a wrong PIN;
 * - the order id (with the version and key id) is the additional authenticated data, so a blob
 *   copied onto another order does not open there;
 * - the key id names the key that sealed it, so keys rotate: the first configured key seals, every
 *   configured key opens;
 * - the PIN is padded to a fixed 32 bytes before encryption, so the blob's length does not tell it.
 * `v1:<iv>:<tag>:<ciphertext>` blobs (before R57: no key id, no AAD, no padding) still open with
 * any configured key, and are sealed again as v2 when their order is next updated (`sealOrder`).
 */

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12; // the GCM standard nonce size
const TAG_BYTES = 16;
/** One length byte and the PIN's UTF-8 bytes, zero-filled to this size (PINs are 4–10 digits, R12). */
const PADDED_BYTES = 32;

export class PinCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly sealingKeyId: string;

  /** `keys[0]` seals; all of them open. */
  constructor(keys: readonly PinKey[]) {
    if (keys.length === 0) throw new RangeError('PinCipher: at least one key is needed');
    for (const { id, key } of keys) {
      if (key.length !== KEY_BYTES) throw new RangeError(`PinCipher: key ${id} must be ${KEY_BYTES} bytes, got ${key.length}`);
    }
    this.keys = new Map(keys.map(({ id, key }) => [id, key]));
    this.sealingKeyId = keys[0].id;
  }

  encrypt(pin: string, orderId: string): string {
    const iv = randomBytes(IV_BYTES); // a fresh nonce per PIN: GCM must never reuse one under a key
    const cipher = createCipheriv(ALGORITHM, this.keys.get(this.sealingKeyId)!, iv);
    cipher.setAAD(additionalData(this.sealingKeyId, orderId));
    const ciphertext = Buffer.concat([cipher.update(pad(pin)), cipher.final()]);
    return ['v2', this.sealingKeyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
  }

  /** Throws `PinDecryptError` when the blob is malformed, altered, sealed for another order or with a key not configured. */
  decrypt(blob: string, orderId: string): string {
    const parts = blob.split(':');
    if (parts[0] === 'v1' && parts.length === 4) return this.decryptLegacy(parts.slice(1));
    if (parts[0] !== 'v2' || parts.length !== 5) throw new PinDecryptError('not a v2 PIN blob');
    const [, keyId, ...encoded] = parts;
    const key = this.keys.get(keyId);
    if (!key) throw new PinDecryptError(`sealed with key ${keyId}, which is not configured`);
    const padded = open(key, encoded, additionalData(keyId, orderId));
    if (!padded) throw new PinDecryptError('authentication failed (altered, or sealed for another order)');
    return unpad(padded);
  }

  /** Whether the blob is sealed as `encrypt` would seal it today (v2, current key). */
  isCurrent(blob: string): boolean {
    return blob.startsWith(`v2:${this.sealingKeyId}:`);
  }

  /** v1 blobs name no key: each configured key is tried (GCM refuses the wrong ones). */
  private decryptLegacy(encoded: string[]): string {
    for (const key of this.keys.values()) {
      const plain = open(key, encoded, null);
      if (plain) return plain.toString('utf8');
    }
    throw new PinDecryptError('authentication failed (altered, or sealed with a key not configured)');
  }
}

function additionalData(keyId: string, orderId: string): Buffer {
  return Buffer.from(`portflow-pin\0v2\0${keyId}\0${orderId}`, 'utf8');
}

/** The plaintext of `[iv, tag, ciphertext]` (base64), or null when GCM refuses it. */
function open(key: Buffer, encoded: string[], aad: Buffer | null): Buffer | null {
  const [iv, tag, ciphertext] = encoded.map((part) => Buffer.from(part, 'base64'));
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new PinDecryptError('bad nonce or tag length');
  const decipher = createDecipheriv(ALGORITHM, key, iv);
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return null;
  }
}

function pad(pin: string): Buffer {
  const bytes = Buffer.from(pin, 'utf8');
  if (bytes.length >= PADDED_BYTES) throw new RangeError(`PinCipher: a PIN must be under ${PADDED_BYTES} bytes`);
  const padded = Buffer.alloc(PADDED_BYTES);
  padded[0] = bytes.length;
  bytes.copy(padded, 1);
  return padded;
}

function unpad(padded: Buffer): string {
  if (padded.length !== PADDED_BYTES || padded[0] >= PADDED_BYTES) throw new PinDecryptError('bad padding');
  return padded.subarray(1, 1 + padded[0]).toString('utf8');
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
