import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config';
import { PinDecryptError } from '../../src/orders/PinDecryptError';
import { loadPinKey, PinCipher } from '../../src/orders/pin';

const key = Buffer.alloc(32, 42);

describe('R12: PinCipher (AES-256-GCM)', () => {
  const cipher = new PinCipher(key);

  it('R12: encrypt then decrypt returns the PIN; the blob is v1:<iv>:<tag>:<ciphertext>', () => {
    const blob = cipher.encrypt('4321');
    expect(blob).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(blob.split(':')[1], 'base64')).toHaveLength(12);
    expect(blob).not.toContain('4321');
    expect(cipher.decrypt(blob)).toBe('4321');
  });

  it('R12: each encryption uses a fresh IV, so the same PIN never gives the same blob', () => {
    expect(cipher.encrypt('4321')).not.toBe(cipher.encrypt('4321'));
  });

  it('R12: a changed ciphertext, tag or IV is detected (GCM authentication)', () => {
    const [version, iv, tag, ciphertext] = cipher.encrypt('4321').split(':');
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] ^= 1;
      return bytes.toString('base64');
    };
    for (const tampered of [
      [version, iv, tag, flip(ciphertext)],
      [version, iv, flip(tag), ciphertext],
      [version, flip(iv), tag, ciphertext],
    ]) {
      expect(() => cipher.decrypt(tampered.join(':'))).toThrow(PinDecryptError);
    }
  });

  it('R12: another key cannot open the blob; malformed blobs are refused with a typed error', () => {
    const blob = cipher.encrypt('4321');
    expect(() => new PinCipher(Buffer.alloc(32, 1)).decrypt(blob)).toThrow(PinDecryptError);
    expect(() => cipher.decrypt('4321')).toThrow(expect.objectContaining({ code: 'pin_undecryptable' }));
    expect(() => cipher.decrypt(blob.replace(/^v1/, 'v2'))).toThrow(PinDecryptError);
  });

  it('R12: the key must be 256 bits', () => {
    expect(() => new PinCipher(Buffer.alloc(16))).toThrow(RangeError);
  });
});

describe('R12: loadPinKey', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'portflow-pin-')), 'data');
  });
  afterEach(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  it('R12: PIN_ENCRYPTION_KEY is used when set, with no warning and no file', () => {
    const warnings: string[] = [];
    const loaded = loadPinKey({ PIN_ENCRYPTION_KEY: 'ab'.repeat(32), DATA_DIR: dataDir }, (m) => warnings.push(m));
    expect(loaded.equals(Buffer.alloc(32, 0xab))).toBe(true);
    expect(warnings).toEqual([]);
    expect(() => statSync(join(dataDir, 'pin.key'))).toThrow();
  });

  it('R12: without it, a dev key is generated once in <DATA_DIR>/pin.key (mode 0600) with a warning, then reused', () => {
    const warnings: string[] = [];
    const first = loadPinKey({ DATA_DIR: dataDir }, (m) => warnings.push(m));
    const second = loadPinKey({ DATA_DIR: dataDir }, (m) => warnings.push(m));
    expect(first).toHaveLength(32);
    expect(second.equals(first)).toBe(true);
    expect(statSync(join(dataDir, 'pin.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, 'pin.key'), 'utf8').trim()).toBe(first.toString('hex'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/PIN_ENCRYPTION_KEY/);
  });

  it('R12: a corrupt dev key file stops the start with a ConfigError', () => {
    loadPinKey({ DATA_DIR: dataDir }, () => undefined);
    writeFileSync(join(dataDir, 'pin.key'), 'not a key');
    expect(() => loadPinKey({ DATA_DIR: dataDir }, () => undefined)).toThrow(ConfigError);
  });
});
