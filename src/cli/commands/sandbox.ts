import { DateTime, Duration } from 'luxon';
import type { Command } from 'commander';
import { ApiRefusedError } from '../../errors/ApiRefusedError';
import { CliUsageError } from '../../errors/CliUsageError';
import type { ApiClient, RequestOptions } from '../apiClient';
import { deskAction } from '../desk';
import { asJson, mountainTime } from '../output';

/** Without SANDBOX=1 the routes do not exist (SPEC §5.2): say so, rather than only "No route". */
async function clockRequest<T>(api: ApiClient, method: 'GET' | 'POST', options: RequestOptions = {}): Promise<T> {
  try {
    return await api.request<T>(method, '/v1/sandbox/clock', options);
  } catch (error) {
    if (error instanceof ApiRefusedError && error.status === 404) {
      throw new ApiRefusedError(error.code, `${error.message}: the sandbox clock is off (start the service with SANDBOX=1)`, 404);
    }
    throw error;
  }
}

const UNITS = { m: 'minutes', h: 'hours', d: 'days', w: 'weeks' } as const;

/**
 * `+31d`, `+2h`, `+90m`, `+1w`: relative to the sandbox clock (read first), so a rehearsal can be
 * run again whatever the clock already says; anything else is an ISO time (no offset = Mountain Time).
 */
async function target(api: ApiClient, when: string): Promise<string> {
  const relative = /^\+(\d+)([mhdw])$/.exec(when);
  if (relative) {
    const { now } = await clockRequest<{ now: string }>(api, 'GET');
    const step = Duration.fromObject({ [UNITS[relative[2] as keyof typeof UNITS]]: Number(relative[1]) });
    return DateTime.fromISO(now, { zone: 'utc' }).plus(step).toISO()!;
  }
  const time = DateTime.fromISO(when, { zone: 'America/Denver' });
  if (!time.isValid) throw new CliUsageError('bad_argument', `expected +<n>m|h|d|w or an ISO time, got ${JSON.stringify(when)}`);
  return time.toUTC().toISO()!;
}

/** SPEC §5.2 / R67: `portflow sandbox clock [get|set <when>]` (the service runs with SANDBOX=1). */
export function registerSandboxCommands(program: Command): void {
  const sandbox = program.command('sandbox').description('the sandbox (SANDBOX=1): its settable clock');
  const clock = sandbox.command('clock').description('read the sandbox clock, or move it forward (firing every timer due)');

  clock
    .command('get', { isDefault: true })
    .description('the sandbox clock now (it stands still between moves)')
    .action(
      deskAction(async ({ api, out }) => {
        const answer = await clockRequest<{ now: string }>(api, 'GET');
        out.print(out.json ? asJson(answer) : `${mountainTime(answer.now)}  (${answer.now})`);
      }),
    );

  clock
    .command('set')
    .description('move the clock forward to a time, or by +<n>m|h|d|w from where it stands; answers after the due timers fired')
    .argument('<when>', 'e.g. +31d, or 2027-01-05T09:00 (Mountain Time), or 2027-01-05T16:00:00Z')
    .action(
      deskAction(async ({ api, out }, when: string) => {
        const answer = await clockRequest<{ now: string; firedTimers: number }>(api, 'POST', { json: { now: await target(api, when) } });
        out.print(out.json ? asJson(answer) : `${mountainTime(answer.now)}  (${answer.now}), ${answer.firedTimers} timer(s) fired`);
      }),
    );
}
