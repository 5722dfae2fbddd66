import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_TOKENS } from '../support/harness';
import { usOrderInput } from '../support/orderInputs';
import { cliHome, type CliHome } from '../support/portflowCli';
import { startApiHarness, type ApiHarness } from '../support/apiHarness';

/** SPEC R67: `portflow login` keeps URL and key in a 0600 file that later commands use; `logout` forgets them. */

let api: ApiHarness;
let cli: CliHome;
let credentials: string;

beforeAll(async () => {
  api = await startApiHarness();
  cli = cliHome(); // no PORTFLOW_URL, no PORTFLOW_TOKEN: only the file can tell the CLI where to go
  credentials = join(cli.home, '.config', 'portflow', 'credentials.json');
});
afterAll(async () => {
  cli.close();
  await api.close();
});

it('R67: a key the API does not know is refused at login (unauthorized, exit 1) and nothing is written', async () => {
  const refused = await cli.run(['login', '--url', api.url], { input: 'nobody-configured-this-token-0000\n' });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/^unauthorized: .*\n$/);
  expect(existsSync(credentials)).toBe(false);
});

it('R67: login reads the key from stdin, checks it, writes $XDG_CONFIG_HOME/portflow/credentials.json mode 0600; later commands use it', async () => {
  const login = await cli.run(['login', '--url', api.url], { input: `${TEST_TOKENS.ops}\n` });
  expect(login.code).toBe(0);
  expect(login.stdout).toBe(`logged in to ${api.url}; key kept in ${credentials} (mode 0600)\n`);
  expect(statSync(credentials).mode & 0o777).toBe(0o600);
  expect(statSync(join(cli.home, '.config', 'portflow')).mode & 0o077).toBe(0);
  expect(JSON.parse(readFileSync(credentials, 'utf8'))).toEqual({ url: api.url, token: TEST_TOKENS.ops });

  const created = await api.call('POST', '/v1/port-orders', { body: usOrderInput() });
  const shown = await cli.run(['orders', 'show', created.body.id, '--json']);
  expect(shown.code).toBe(0);
  expect(JSON.parse(shown.stdout)).toMatchObject({ id: created.body.id, state: 'draft' });

  // PORTFLOW_TOKEN wins over the file (a script can use another key with the same login).
  const asViewer = await cli.run(['orders', 'event', created.body.id, 'SUBMIT'], { env: { PORTFLOW_TOKEN: TEST_TOKENS.viewer } });
  expect(asViewer.code).toBe(1);
  expect(asViewer.stderr).toMatch(/^forbidden: /);
});

it('R67: logout removes the file; the next command says how to log in (exit 2)', async () => {
  const logout = await cli.run(['logout']);
  expect(logout).toEqual({ code: 0, stdout: `logged out (removed ${credentials})\n`, stderr: '' });
  expect(existsSync(credentials)).toBe(false);
  const after = await cli.run(['orders', 'list']);
  expect(after.code).toBe(2);
  expect(after.stderr).toMatch(/^not_logged_in: /);
  expect((await cli.run(['logout'])).stdout).toBe(`not logged in (no ${credentials})\n`);
});

it('R67: without SANDBOX=1 `sandbox clock` is not_found on one line that says the sandbox is off (exit 1)', async () => {
  const off = await cli.run(['sandbox', 'clock'], { env: { PORTFLOW_URL: api.url, PORTFLOW_TOKEN: TEST_TOKENS.ops } });
  expect(off).toEqual({ code: 1, stdout: '', stderr: 'not_found: No route GET /v1/sandbox/clock: the sandbox clock is off (start the service with SANDBOX=1)\n' });
});
