import { cliHome, inBatches, ROOT, type CliHome } from '../support/portflowCli';

/** SPEC R67: `--help` on every command exits 0; a usage error exits 2 — the real binary, no service needed. */

let cli: CliHome;
beforeAll(() => {
  cli = cliHome();
});
afterAll(() => cli.close());

/** The subcommands a help text lists under "Commands:" (lines indented two spaces; `help` itself left out). */
function subcommands(help: string): string[] {
  const section = help.split(/^Commands:\n/m)[1] ?? '';
  return section
    .split('\n')
    .filter((line) => /^ {2}\S/.test(line))
    .map((line) => line.trim().split(/\s+/)[0])
    .filter((name) => name !== 'help');
}

it('R67: --help exits 0 on the program and on every command and subcommand it lists (walked from the help itself)', async () => {
  const seen: string[] = [];
  let level: string[][] = [[]];
  while (level.length > 0) {
    const runs = await inBatches(level.map((path) => () => cli.run([...path, '--help'])));
    const next: string[][] = [];
    runs.forEach((run, index) => {
      const path = level[index];
      expect({ path, code: run.code, stderr: run.stderr }).toEqual({ path, code: 0, stderr: '' });
      expect(run.stdout).toMatch(/^Usage: portflow/);
      seen.push(path.join(' '));
      for (const name of subcommands(run.stdout)) next.push([...path, name]);
    });
    level = next;
  }
  // The commands SPEC §6 and R67 name are all there (the walk found them, so each one's --help exited 0).
  expect(seen).toEqual(
    expect.arrayContaining([
      'start', 'api', 'worker', 'login', 'logout',
      'orders list', 'orders show', 'orders event', 'orders notes list', 'orders notes add',
      'documents upload', 'documents list', 'documents get',
      'calendar check', 'calendar slots',
      'webhooks list', 'webhooks create', 'webhooks deliveries', 'webhooks redeliver',
      'sandbox clock', 'sandbox clock get', 'sandbox clock set',
    ]),
  );
}, 180_000);

it('R67: usage errors exit 2 with commander\'s reason on stderr: unknown command, unknown option, missing argument, bad number, bad choice', async () => {
  const cases = [
    { args: ['ordres', 'list'], says: /unknown command 'ordres'/ },
    { args: ['orders', 'list', '--colour'], says: /unknown option '--colour'/ },
    { args: ['orders', 'show'], says: /missing required argument 'orderId'/ },
    { args: ['orders', 'list', '--limit', 'ten'], says: /expected a positive whole number/ },
    { args: ['orders', 'notes', 'add', 'po_x', 'hello', '--visibility', 'everyone'], says: /Allowed choices are internal, customer/ },
    { args: ['documents', 'upload', 'po_x', 'loa.pdf'], says: /required option '--type <type>' not specified/ },
    { args: ['orders'], says: /Usage: portflow orders/ },
  ];
  const runs = await inBatches(cases.map(({ args }) => () => cli.run(args)));
  runs.forEach((run, index) => {
    expect({ args: cases[index].args, code: run.code, stdout: run.stdout }).toEqual({ args: cases[index].args, code: 2, stdout: '' });
    expect(run.stderr).toMatch(cases[index].says);
  });
}, 120_000);

it('R67: a desk command with no login and no PORTFLOW_URL says how to log in, on one line, and exits 2 (it never falls back to Redis)', async () => {
  const run = await cli.run(['orders', 'list']);
  expect(run.code).toBe(2);
  expect(run.stderr).toBe('not_logged_in: no API to talk to: run portflow login, or set PORTFLOW_URL and PORTFLOW_TOKEN\n');
});

it('R67: `npx portflow --help` works in the checkout right after npm ci (no build: bin/portflow.js runs the sources)', async () => {
  const run = await cli.run(['--help'], { cwd: ROOT, command: ['npx', '--no-install', 'portflow'] });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^Usage: portflow \[options\] \[command\]/);
  expect(run.stdout).toMatch(/orders +port orders/);
}, 60_000);
