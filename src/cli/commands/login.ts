import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { CliUsageError } from '../../errors/CliUsageError';
import { ApiClient } from '../apiClient';
import { removeCredentials, saveCredentials } from '../credentials';
import { asJson, processOutput } from '../output';

const DEFAULT_URL = 'http://127.0.0.1:3000';

/** Asks on the terminal (stderr, so stdout stays clean); `secret` echoes nothing. */
function ask(question: string, secret = false): Promise<string> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (secret) {
    const write = (prompt as unknown as { _writeToOutput(text: string): void })._writeToOutput.bind(prompt);
    (prompt as unknown as { _writeToOutput(text: string): void })._writeToOutput = (text) => write(text.startsWith(question) ? text : '');
  }
  return new Promise((answer) =>
    prompt.question(question, (text) => {
      prompt.close();
      if (secret) process.stderr.write('\n');
      answer(text.trim());
    }),
  );
}

/**
 * The token: `--token` (visible to ps, for throwaway keys), else the first line of stdin when it is
 * not a terminal (`portflow login < .data/dev-api-key`), else asked for without echo.
 */
async function tokenFrom(given: string | undefined): Promise<string> {
  if (given) return given;
  if (!process.stdin.isTTY) return readFileSync(0, 'utf8').split('\n')[0].trim();
  return ask('API key: ', true);
}

/** SPEC R67: `portflow login` keeps URL and key in a 0600 file; `portflow logout` forgets them. */
export function registerLoginCommands(program: Command): void {
  program
    .command('login')
    .description('check an API key against the API and keep URL and key for later commands (a 0600 file)')
    .option('--url <url>', `the API (default: PORTFLOW_URL, else asked for, else ${DEFAULT_URL})`)
    .option('--token <token>', 'the API key (default: read from stdin, or asked for without echo)')
    .action(async (options: { url?: string; token?: string }, command: Command) => {
      const out = processOutput(Boolean(command.optsWithGlobals().json));
      const url = options.url ?? process.env.PORTFLOW_URL ?? (process.stdin.isTTY ? (await ask(`API URL [${DEFAULT_URL}]: `)) || DEFAULT_URL : DEFAULT_URL);
      if (!/^https?:\/\/[^/]/.test(url)) throw new CliUsageError('bad_argument', `--url: expected http(s)://host[:port], got ${JSON.stringify(url)}`);
      const token = await tokenFrom(options.token);
      if (!token) throw new CliUsageError('bad_argument', 'no API key given');
      // Any key may read: one list request proves the URL is portflow and the key is known (401 otherwise).
      await new ApiClient({ url, token }).request('GET', '/v1/port-orders', { query: { limit: 1 } });
      const path = saveCredentials({ url, token });
      out.print(out.json ? asJson({ url, credentials: path }) : `logged in to ${url}; key kept in ${path} (mode 0600)`);
    });

  program
    .command('logout')
    .description('forget the stored URL and key')
    .action((_options: unknown, command: Command) => {
      const out = processOutput(Boolean(command.optsWithGlobals().json));
      const { path, removed } = removeCredentials();
      out.print(out.json ? asJson({ credentials: path, removed }) : removed ? `logged out (removed ${path})` : `not logged in (no ${path})`);
    });
}
