import { DateTime } from 'luxon';
import type { Command } from 'commander';
import { PORTING_ZONE } from '../../clock/clock';
import { CliUsageError } from '../../errors/CliUsageError';
import { deskAction, jsonArgument, positiveInteger } from '../desk';
import { asJson, fields, mountainTime, table } from '../output';

interface CalendarAnswer {
  allowed: boolean;
  code: string;
  reason: string;
  standardHours: boolean;
  offHoursFee: boolean;
  warnings: string[];
  local: string;
}

/** A time without an offset is the desk's time, Mountain Time (`2026-12-16T09:00`), as the porting rules are. */
function instant(text: string, what: string): string {
  const time = DateTime.fromISO(text, { zone: PORTING_ZONE });
  if (!time.isValid) throw new CliUsageError('bad_argument', `${what}: expected an ISO time such as 2026-12-16T09:00 (Mountain Time) or 2026-12-16T16:00:00Z, got ${JSON.stringify(text)}`);
  return time.toUTC().toISO()!;
}

/** SPEC §2 / R67: `portflow calendar check|slots` (read-only; nothing is reserved). */
export function registerCalendarCommands(program: Command): void {
  const calendar = program.command('calendar').description('the porting calendar (America/Denver): check a start, list open slots');

  calendar
    .command('check')
    .description('would a port starting then be allowed? (SPEC §2.3)')
    .argument('<startAt>', 'an ISO time (no offset = Mountain Time), or the whole check as JSON')
    .option('--off-hours', 'ask for an off-hours port')
    .option('--acknowledge-risk', 'accept a not-recommended time (late Friday)')
    .option('--foc-date <date>', 'the FOC date the start must not precede (YYYY-MM-DD)')
    .option('--window-end <time>', 'the toll-free window end it must not pass')
    .option('--as-of <time>', 'answer as if asked at this time')
    .action(
      deskAction(async ({ api, out }, startAt: string, options: { offHours?: boolean; acknowledgeRisk?: boolean; focDate?: string; windowEnd?: string; asOf?: string }) => {
        const check = startAt.trimStart().startsWith('{')
          ? jsonArgument(startAt, 'the check')
          : {
              startAt: instant(startAt, 'startAt'),
              ...(options.offHours ? { offHours: true } : {}),
              ...(options.acknowledgeRisk ? { acknowledgeRisk: true } : {}),
              ...(options.focDate ? { focDate: options.focDate } : {}),
              ...(options.windowEnd ? { windowEnd: instant(options.windowEnd, '--window-end') } : {}),
              ...(options.asOf ? { asOf: instant(options.asOf, '--as-of') } : {}),
            };
        const answer = await api.request<CalendarAnswer>('POST', '/v1/porting-calendar/check', { json: check });
        if (out.json) return out.print(asJson(answer));
        out.print(
          fields([
            ['start', mountainTime(answer.local)],
            ['allowed', answer.allowed ? 'yes' : 'no'],
            ['code', answer.code],
            ['reason', answer.reason],
            ['standard hours', answer.standardHours ? 'yes' : 'no'],
            ['off-hours fee', answer.offHoursFee ? 'yes' : 'no'],
            ['warnings', answer.warnings.join('; ')],
          ]),
        );
      }),
    );

  calendar
    .command('slots')
    .description('open standard 15-minute slots with the capacity left')
    .argument('[from]', 'first day, YYYY-MM-DD (default: today in Mountain Time)')
    .argument('[days]', 'how many days (at most 62)', positiveInteger)
    .option('--days <n>', 'how many days (at most 62; default 7)', positiveInteger)
    .action(
      deskAction(async ({ api, out }, from: string | undefined, days: number | undefined, options: { days?: number }) => {
        const answer = await api.request<{ slots: { startAt: string; local: string; remaining: number }[] }>('GET', '/v1/porting-calendar/slots', {
          query: { from: from ?? DateTime.now().setZone(PORTING_ZONE).toISODate()!, days: options.days ?? days },
        });
        if (out.json) return out.print(asJson(answer));
        out.print(table(['START (MT)', 'START (UTC)', 'REMAINING'], answer.slots.map((s) => [mountainTime(s.local), s.startAt, s.remaining])));
      }),
    );
}
