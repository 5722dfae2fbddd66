import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Config } from '../config/config';

/** One PIN key and the id that blobs sealed with it carry (R57). */
export interface PinKey {
  id: string;
  key: Buffer;
}

/** The key id of `PIN_ENCRYPTION_KEY`: that variable is `PIN_ENCRYPTION_KEYS=default:<hex>`. */
export const SINGLE_KEY_ID = 'default';
const DEV_KEY_ID = 'dev';
const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const DEV_KEY_FILE = 'pin.key';
const KEY_BYTES = 32;

/**
 * The PIN keys, the sealing one first (R57):
 * - `PIN_ENCRYPTION_KEYS=id:hex,…` in production; the first seals, all open (rotation: put the
 *   new key first, keep the old ones until no blob names them);
 * - `PIN_ENCRYPTION_KEY=hex`, the single-key form, is the key `default`; beside
 *   `PIN_ENCRYPTION_KEYS` it still opens what it sealed;
 * - with neither, a development key is generated once and kept in `<DATA_DIR>/pin.key` (mode
 *   0600), so PINs stored by one run can still be read by the next; `warn` says so, since a key
 *   next to the data protects little.
 */
export function loadPinKeys(config: Pick<Config, 'PIN_ENCRYPTION_KEYS' | 'PIN_ENCRYPTION_KEY' | 'DATA_DIR'>, warn: (message: string) => void): PinKey[] {
  const keys = (config.PIN_ENCRYPTION_KEYS ?? []).map(({ id, hex }) => ({ id, key: Buffer.from(hex, 'hex') }));
  if (config.PIN_ENCRYPTION_KEY !== undefined && !keys.some((key) => key.id === SINGLE_KEY_ID)) {
    keys.push({ id: SINGLE_KEY_ID, key: Buffer.from(config.PIN_ENCRYPTION_KEY, 'hex') });
  }
  if (keys.length > 0) return keys;

  const path = join(config.DATA_DIR, DEV_KEY_FILE);
  mkdirSync(config.DATA_DIR, { recursive: true });
  const created = createKeyFileOnce(path);
  warn(
    `PIN_ENCRYPTION_KEYS is not set: ${created ? 'generated' : 'using'} the development PIN key in ${path}; ` +
      'set PIN_ENCRYPTION_KEYS in production',
  );
  const hex = readFileSync(path, 'utf8').trim();
  if (!HEX_KEY.test(hex)) {
    throw new ConfigError('PIN_ENCRYPTION_KEYS', `not set, and ${path} does not hold a 64-hex-character key (delete it to generate one)`);
  }
  return [{ id: DEV_KEY_ID, key: Buffer.from(hex, 'hex') }];
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
