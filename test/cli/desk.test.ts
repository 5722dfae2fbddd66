import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { TEST_TOKENS } from '../support/harness';
import { usOrderInput } from '../support/orderInputs';
import { cliHome, type CliHome } from '../support/portflowCli';
import { startStack, type Stack } from '../support/stack';

/**
 * SPEC R67 against a running service (real Redis, workers, HTTP on a free port, sandbox clock on):
 * the real binary, PORTFLOW_URL and PORTFLOW_TOKEN in its environment, exit codes, one-line
 * refusals, tables for people and --json that parses.
 */

let stack: Stack;
let cli: CliHome;
const run = (...args: string[]) => cli.run(args);

beforeAll(async () => {
  stack = await startStack();
  cli = cliHome({ PORTFLOW_URL: stack.url, PORTFLOW_TOKEN: TEST_TOKENS.ops });
});
afterAll(async () => {
  cli.close();
  await stack.close();
});

async function createdOrder(): Promise<string> {
  const input = join(cli.home, `order-${Date.now()}.json`);
  writeFileSync(input, JSON.stringify(usOrderInput()));
  const created = await run('orders', 'create', '-q', `@${input}`);
  expect({ code: created.code, stderr: created.stderr }).toEqual({ code: 0, stderr: '' });
  expect(created.stdout).toMatch(/^po_[0-9A-Z]{26}\n$/);
  return created.stdout.trim();
}

it('R67: orders create/event/show over HTTP: exit 0, the id alone with -q, the new state in words, the order in Mountain Time', async () => {
  const id = await createdOrder();
  const submitted = await run('orders', 'event', id, 'SUBMIT');
  expect(submitted.code).toBe(0);
  expect(submitted.stdout).toBe(`${id}  submitted  version 2  next: CONFIRM_FOC, REJECT, CANCEL\n`);

  const shown = await run('orders', 'show', id);
  expect(shown.code).toBe(0);
  expect(shown.stdout).toMatch(new RegExp(`^id: +${id}$`, 'm'));
  expect(shown.stdout).toMatch(/^state: +submitted$/m);
  // History rows carry Mountain Time (MST in December) and the events in order.
  expect(shown.stdout).toMatch(/^1 +\d{4}-\d{2}-\d{2} \d{2}:\d{2} MST +CREATE +— +draft +api:ops$/m);
  expect(shown.stdout).toMatch(/^2 +\d{4}-\d{2}-\d{2} \d{2}:\d{2} MST +SUBMIT +draft +submitted +api:ops$/m);
});

it('R67: a refused event prints the error code and message on one line on stderr and exits 1; nothing on stdout', async () => {
  const id = await createdOrder();
  const refused = await run('orders', 'event', id, 'CONFIRM_FOC', '--data', '{"focDate":"2026-12-15"}');
  expect(refused.code).toBe(1);
  expect(refused.stdout).toBe('');
  expect(refused.stderr).toMatch(/^invalid_transition: .*CONFIRM_FOC.*\n$/);
  expect(refused.stderr.split('\n')).toHaveLength(2);
  // The API's 400 with several issues is one line too, each issue named by its field.
  const invalid = await run('orders', 'create', '{"kind":"us","numbers":["12"]}');
  expect(invalid.code).toBe(1);
  expect(invalid.stderr).toMatch(/^validation_failed: 3 problems in the input \(losingCarrier: is required; account: is required; contacts: is required\)\n$/);
});

it('R67: a 404 from a route that does not exist prints `not_found: …` on one line and exits 1', async () => {
  // A base URL under which no route exists: every desk route is missing there, whatever this branch serves.
  const missing = await cli.run(['orders', 'notes', 'list', 'po_01J00000000000000000000000'], { env: { PORTFLOW_URL: `${stack.url}/no-such-prefix` } });
  expect(missing).toEqual({ code: 1, stdout: '', stderr: 'not_found: No route GET /no-such-prefix/v1/port-orders/po_01J00000000000000000000000/notes\n' });
  const unknownOrder = await run('orders', 'show', 'po_01J00000000000000000000000');
  expect(unknownOrder.code).toBe(1);
  expect(unknownOrder.stderr).toMatch(/^not_found: .*\n$/);
});

it('R67: an API that cannot be reached is `unreachable: …` on one line, exit 1', async () => {
  const down = await cli.run(['orders', 'list'], { env: { PORTFLOW_URL: 'http://127.0.0.1:1' } });
  expect(down.code).toBe(1);
  expect(down.stderr).toMatch(/^unreachable: cannot reach http:\/\/127\.0\.0\.1:1: .*\n$/);
});

it('R67: --json prints the API JSON (parseable) for list, show, event and calendar; a wrong role is `forbidden`, exit 1', async () => {
  const id = await createdOrder();
  const list = await run('orders', 'list', '--json', '--limit', '5');
  expect(list.code).toBe(0);
  const page = JSON.parse(list.stdout);
  expect(Object.keys(page).sort()).toEqual(['items', 'nextCursor']);
  expect(page.items.map((o: { id: string }) => o.id)).toContain(id);

  const shown = JSON.parse((await run('--json', 'orders', 'show', id)).stdout);
  expect(shown).toMatchObject({ id, state: 'draft', version: 1 });
  const event = JSON.parse((await run('orders', 'event', id, '{"type":"SUBMIT"}', '--json', '--if-match', '1')).stdout);
  expect(event).toMatchObject({ id, state: 'submitted', version: 2 });
  // If-Match of a stale version is refused (R39) with its code.
  const stale = await run('orders', 'event', id, 'CANCEL', '--data', '{"reason":"test"}', '--if-match', '1');
  expect(stale.code).toBe(1);
  expect(stale.stderr).toMatch(/^version_conflict: /);

  const asViewer = await cli.run(['orders', 'event', id, 'CANCEL', '--data', '{"reason":"x"}'], { env: { PORTFLOW_TOKEN: TEST_TOKENS.viewer } });
  expect(asViewer.code).toBe(1);
  expect(asViewer.stderr).toMatch(/^forbidden: .*\n$/);
});

it('R67: the orders table has aligned columns: every row starts each column where the header does', async () => {
  await createdOrder();
  await createdOrder();
  const listed = await run('orders', 'list', '--limit', '2');
  expect(listed.code).toBe(0);
  const [header, ...rows] = listed.stdout.trimEnd().split('\n');
  expect(rows).toHaveLength(2);
  const starts = ['KIND', 'STATE', 'NUMBERS', 'COMPANY', 'FOC', 'UPDATED (MT)'].map((title) => header.indexOf(title));
  for (const row of rows) for (const start of starts) expect(row[start - 1]).toBe(' ');
  for (const row of rows) expect(row.slice(starts[0], starts[0] + 2)).toBe('us');
});

it('R67: calendar check and slots: a Monday is refused in words (exit 0: it is an answer), times read as Mountain Time', async () => {
  const check = await run('calendar', 'check', '2030-12-02T10:00');
  expect(check.code).toBe(0);
  expect(check.stdout).toMatch(/^start: +2030-12-02 10:00 MST$/m);
  expect(check.stdout).toMatch(/^allowed: +no$/m);
  expect(check.stdout).toMatch(/^code: +monday_blocked$/m);
  const json = JSON.parse((await run('calendar', 'check', '{"startAt":"2030-12-03T16:00:00Z"}', '--json')).stdout);
  expect(json).toMatchObject({ allowed: true, code: 'ok', local: '2030-12-03T09:00:00-07:00' });

  const slots = JSON.parse((await run('calendar', 'slots', '2030-12-03', '1', '--json')).stdout);
  expect(slots.slots[0]).toMatchObject({ startAt: expect.any(String), remaining: expect.any(Number) });
  const table = await run('calendar', 'slots', '2030-12-03', '--days', '1');
  expect(table.stdout.split('\n')[0]).toMatch(/^START \(MT\) +START \(UTC\) +REMAINING$/);
  expect(table.stdout).toMatch(/^2030-12-03 07:00 MST +2030-12-03T14:00:00\.000Z +\d+$/m);
  const bad = await run('calendar', 'check', 'next tuesday');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/^bad_argument: startAt: expected an ISO time/);
});

it('R67: sandbox clock get, then set +1d moves it one day from where it stood (re-runnable), with its timers fired', async () => {
  const before = JSON.parse((await run('sandbox', 'clock', '--json')).stdout).now as string;
  const moved = await run('sandbox', 'clock', 'set', '+1d');
  expect(moved.code).toBe(0);
  expect(moved.stdout).toMatch(/timer\(s\) fired\n$/);
  const after = JSON.parse((await run('sandbox', 'clock', 'get', '--json')).stdout).now as string;
  expect(DateTime.fromISO(after).diff(DateTime.fromISO(before), 'hours').hours).toBe(24);
  const backwards = await run('sandbox', 'clock', 'set', before);
  expect(backwards.code).toBe(1);
  expect(backwards.stderr).toMatch(/^validation_failed: now: the sandbox clock only moves forward/);
});

it('R67: webhooks create prints the secret once, list and deliveries are tables or JSON', async () => {
  const created = JSON.parse((await run('webhooks', 'create', 'https://hooks.example.com/portflow', '--events', 'port_order.state_changed', '--json')).stdout);
  expect(created).toMatchObject({ id: expect.stringMatching(/^wh_/), url: 'https://hooks.example.com/portflow', secret: expect.any(String) });
  const listed = await run('webhooks', 'list');
  expect(listed.stdout).toMatch(new RegExp(`^${created.id} +https://hooks\\.example\\.com/portflow +port_order\\.state_changed +\\d{4}-`, 'm'));
  expect(listed.stdout).not.toContain(created.secret);
  const deliveries = await run('webhooks', 'deliveries', created.id, '--json');
  expect(deliveries.code).toBe(0);
  expect(JSON.parse(deliveries.stdout)).toEqual({ items: expect.any(Array) });
  const refused = await run('webhooks', 'create', 'not a url');
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/^validation_failed: /);
  const deleted = await run('webhooks', 'delete', created.id);
  expect(deleted).toEqual({ code: 0, stdout: `${created.id} deleted\n`, stderr: '' });
});
