import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../config/config';

/**
 * SPEC §6: with no API_KEYS, a development `ops` key is created once (kept in
 * `<DATA_DIR>/dev-api-key`, so it survives restarts) and printed at start.
 */
export function devApiKeys(dataDir: string): { role: Role; token: string }[] {
  const path = join(dataDir, 'dev-api-key');
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, `dev_${randomBytes(24).toString('hex')}\n`, { mode: 0o600 });
  }
  return [{ role: 'ops', token: readFileSync(path, 'utf8').trim() }];
}
