import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { CliUsageError } from '../errors/CliUsageError';

/** Where the CLI finds the API and the key it calls with (SPEC R67). */
export interface Credentials {
  url: string;
  token: string;
}

const storedSchema = z.strictObject({ url: z.url(), token: z.string().min(1) });

/**
 * `$XDG_CONFIG_HOME/portflow/credentials.json`, or `~/.config/portflow/credentials.json` when
 * XDG_CONFIG_HOME is unset or relative (the XDG spec says to ignore a relative one).
 */
export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  const configHome = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(configHome, 'portflow', 'credentials.json');
}

function readStored(path: string): Partial<Credentials> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // reported just below, like any other malformed file
  }
  const parsed = storedSchema.safeParse(json);
  if (!parsed.success) throw new CliUsageError('bad_credentials', `${path} is not a portflow credentials file: run portflow login again`);
  return parsed.data;
}

/** PORTFLOW_URL and PORTFLOW_TOKEN win over the file, each on its own (a script can point one login elsewhere). */
export function resolveCredentials(env: NodeJS.ProcessEnv = process.env): Credentials {
  const stored = readStored(credentialsPath(env));
  const url = env.PORTFLOW_URL || stored.url;
  const token = env.PORTFLOW_TOKEN || stored.token;
  if (!url || !token) {
    throw new CliUsageError('not_logged_in', 'no API to talk to: run portflow login, or set PORTFLOW_URL and PORTFLOW_TOKEN');
  }
  return { url, token };
}

/** Written whole to a temporary file created 0600, then renamed: the key is never readable by others, not even briefly. */
export function saveCredentials(credentials: Credentials, env: NodeJS.ProcessEnv = process.env): string {
  const path = credentialsPath(env);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(storedSchema.parse(credentials), null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return path;
}

/** Forgets the stored login; true when there was one. */
export function removeCredentials(env: NodeJS.ProcessEnv = process.env): { path: string; removed: boolean } {
  const path = credentialsPath(env);
  try {
    readFileSync(path);
  } catch {
    return { path, removed: false };
  }
  rmSync(path, { force: true });
  return { path, removed: true };
}
