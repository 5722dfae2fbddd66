import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config';
import { PinDecryptError } from '../../src/orders/PinDecryptError';
import type { OrderInput } from '../../src/orders/orderInput';
import { PinCipher } from '../../src/orders/pin';
import { loadPinKeys } from '../../src/orders/pinKeys';
import { sealOrder } from '../../src/orders/sealOrder';

const key = Buffer.alloc(32, 42);
const ORDER = 'po_01JPINORDER';

/** A blob as PinCipher sealed PINs before R57: `v1:<iv>:<tag>:<ciphertext>`, no AAD, no padding. */
function legacyV1Blob(pin: string, with_: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', with_, iv);
  const ciphertext = Buffer.concat([cipher.update(pin, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
}

describe('R12, R57: PinCipher (AES-256-GCM)', () => {
  const cipher = new PinCipher([{ id: 'k1', key }]);

  it('R57: encrypt then decrypt returns the PIN; the blob is v2:<keyId>:<iv>:<tag>:<ciphertext>', () => {
    const blob = cipher.encrypt('4321', ORDER);
    expect(blob).toMatch(/^v2:k1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(blob.split(':')[2], 'base64')).toHaveLength(12);
    expect(blob).not.toContain('4321');
    expect(cipher.decrypt(blob, ORDER)).toBe('4321');
  });

  it('R57: the order id is authenticated: a blob copied onto another order does not open there', () => {
    const blob = cipher.encrypt('4321', ORDER);
    expect(() => cipher.decrypt(blob, 'po_01JOTHERORDER')).toThrow(PinDecryptError);
  });

  it('R57: padded: a 4-digit and a 10-digit PIN give blobs of the same length', () => {
    expect(cipher.encrypt('1234', ORDER)).toHaveLength(cipher.encrypt('1234567890', ORDER).length);
  });

  it('R57: key rotation: the first key seals, every configured key opens; a blob names a key not configured → refused', () => {
    const old = new PinCipher([{ id: 'k0', key: Buffer.alloc(32, 1) }]);
    const rotated = new PinCipher([{ id: 'k1', key }, { id: 'k0', key: Buffer.alloc(32, 1) }]);
    const sealedBefore = old.encrypt('5555', ORDER);
    expect(rotated.decrypt(sealedBefore, ORDER)).toBe('5555');
    expect(rotated.encrypt('5555', ORDER)).toMatch(/^v2:k1:/);
    expect([rotated.isCurrent(sealedBefore), rotated.isCurrent(rotated.encrypt('5555', ORDER))]).toEqual([false, true]);
    expect(() => cipher.decrypt(sealedBefore, ORDER)).toThrow(/k0, which is not configured/);
    // The key id is authenticated too: renaming it does not make another key's blob open.
    expect(() => rotated.decrypt(sealedBefore.replace(/^v2:k0:/, 'v2:k1:'), ORDER)).toThrow(PinDecryptError);
  });

  it('R57: a v1 blob (before key ids and AAD) still opens with any configured key, and is resealed as v2 on its next UPDATE', () => {
    const legacy = legacyV1Blob('2468', Buffer.alloc(32, 1));
    const rotated = new PinCipher([{ id: 'k1', key }, { id: 'k0', key: Buffer.alloc(32, 1) }]);
    expect(rotated.decrypt(legacy, ORDER)).toBe('2468');
    const input = { account: { companyName: 'x' } } as unknown as OrderInput;
    const resealed = sealOrder(input, rotated, legacy, ORDER).account.pinCiphertext!;
    expect(resealed).toMatch(/^v2:k1:/);
    expect(rotated.decrypt(resealed, ORDER)).toBe('2468');
    // One no configured key opens stays as it was: the UPDATE is not refused for it.
    expect(sealOrder(input, cipher, legacy, ORDER).account.pinCiphertext).toBe(legacy);
  });

  it('R12: each encryption uses a fresh IV, so the same PIN never gives the same blob', () => {
    expect(cipher.encrypt('4321', ORDER)).not.toBe(cipher.encrypt('4321', ORDER));
  });

  it('R12: a changed ciphertext, tag or IV is detected (GCM authentication)', () => {
    const [version, keyId, iv, tag, ciphertext] = cipher.encrypt('4321', ORDER).split(':');
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] ^= 1;
      return bytes.toString('base64');
    };
    for (const tampered of [
      [version, keyId, iv, tag, flip(ciphertext)],
      [version, keyId, iv, flip(tag), ciphertext],
      [version, keyId, flip(iv), tag, ciphertext],
    ]) {
      expect(() => cipher.decrypt(tampered.join(':'), ORDER)).toThrow(PinDecryptError);
    }
  });

  it('R12: another key cannot open the blob; malformed blobs are refused with a typed error', () => {
    const blob = cipher.encrypt('4321', ORDER);
    expect(() => new PinCipher([{ id: 'k1', key: Buffer.alloc(32, 1) }]).decrypt(blob, ORDER)).toThrow(PinDecryptError);
    expect(() => cipher.decrypt('4321', ORDER)).toThrow(expect.objectContaining({ code: 'pin_undecryptable' }));
    expect(() => cipher.decrypt(blob.replace(/^v2/, 'v3'), ORDER)).toThrow(PinDecryptError);
  });

  it('R12: keys must be 256 bits', () => {
    expect(() => new PinCipher([{ id: 'short', key: Buffer.alloc(16) }])).toThrow(RangeError);
  });
});

describe('R12, R57: loadPinKeys', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'portflow-pin-')), 'data');
  });
  afterEach(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  const keysFrom = (env: Record<string, string>, warn: (message: string) => void = () => undefined) =>
    loadPinKeys({ ...loadConfig({ ...env, DATA_DIR: dataDir }) }, warn).map(({ id, key }) => ({ id, hex: key.toString('hex') }));

  it('R57: PIN_ENCRYPTION_KEYS=id:hex,… lists the keys, the sealing one first, with no warning and no file', () => {
    const warnings: string[] = [];
    expect(keysFrom({ PIN_ENCRYPTION_KEYS: `new:${'ab'.repeat(32)}, old:${'cd'.repeat(32)}` }, (m) => warnings.push(m))).toEqual([
      { id: 'new', hex: 'ab'.repeat(32) },
      { id: 'old', hex: 'cd'.repeat(32) },
    ]);
    expect(warnings).toEqual([]);
    expect(() => statSync(join(dataDir, 'pin.key'))).toThrow();
  });

  it('R57: the single-key PIN_ENCRYPTION_KEY still works, as the key "default"; beside PIN_ENCRYPTION_KEYS it still opens', () => {
    expect(keysFrom({ PIN_ENCRYPTION_KEY: 'ab'.repeat(32) })).toEqual([{ id: 'default', hex: 'ab'.repeat(32) }]);
    expect(keysFrom({ PIN_ENCRYPTION_KEY: 'ab'.repeat(32), PIN_ENCRYPTION_KEYS: `k2:${'cd'.repeat(32)}` })).toEqual([
      { id: 'k2', hex: 'cd'.repeat(32) },
      { id: 'default', hex: 'ab'.repeat(32) },
    ]);
  });

  it.each([['k1'], [`k1:${'ab'.repeat(31)}`], [`bad id:${'ab'.repeat(32)}`], [`k1:${'ab'.repeat(32)},k1:${'cd'.repeat(32)}`], [',']])(
    'R57: PIN_ENCRYPTION_KEYS=%s stops the start naming the variable',
    (value) => {
      expect(() => loadConfig({ PIN_ENCRYPTION_KEYS: value })).toThrow(expect.objectContaining({ variable: 'PIN_ENCRYPTION_KEYS' }));
    },
  );

  it('R12: without keys, a dev key is generated once in <DATA_DIR>/pin.key (mode 0600) with a warning, then reused', () => {
    const warnings: string[] = [];
    const [first] = loadPinKeys({ DATA_DIR: dataDir }, (m) => warnings.push(m));
    const [second] = loadPinKeys({ DATA_DIR: dataDir }, (m) => warnings.push(m));
    expect(first.key).toHaveLength(32);
    expect(second).toEqual(first);
    expect(statSync(join(dataDir, 'pin.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, 'pin.key'), 'utf8').trim()).toBe(first.key.toString('hex'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/PIN_ENCRYPTION_KEYS/);
  });

  it('R12: a corrupt dev key file stops the start with a ConfigError', () => {
    loadPinKeys({ DATA_DIR: dataDir }, () => undefined);
    writeFileSync(join(dataDir, 'pin.key'), 'not a key');
    expect(() => loadPinKeys({ DATA_DIR: dataDir }, () => undefined)).toThrow(ConfigError);
  });
});
