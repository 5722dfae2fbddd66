import { SettableClock } from '../../src/clock/clock';
import { issuePaths, startApiHarness, type ApiHarness } from '../support/apiHarness';

/** SPEC §2.3 over HTTP: `asOf` answers "would this start be allowed if asked then?". Now is Tuesday 2026-12-01 09:00 Denver. */

const clock = new SettableClock('2026-12-01T16:00:00Z');
/** Thursday 2026-12-03 20:00 Denver: off-hours, 59 h after now. */
const OFF_HOURS_START = '2026-12-04T03:00:00Z';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness({ clock });
});
afterAll(async () => {
  await api?.close();
});

const check = (body: Record<string, unknown>) => api.call('POST', '/v1/porting-calendar/check', { as: 'viewer', body });

describe('§2.3: the calendar check takes asOf', () => {
  it('§2.3: without asOf the check is asked now (59 h of notice is enough for off-hours)', async () => {
    expect((await check({ startAt: OFF_HOURS_START, offHours: true })).body).toMatchObject({ allowed: true, code: 'ok' });
  });

  it('§2.3: asOf a day later answers insufficient_notice (35 h before an off-hours start)', async () => {
    const answer = await check({ startAt: OFF_HOURS_START, offHours: true, asOf: '2026-12-02T09:00:00-07:00' });
    expect([answer.status, answer.body]).toMatchObject([200, { allowed: false, code: 'insufficient_notice' }]);
  });

  it('§2.3: asOf after the start answers in_past', async () => {
    expect((await check({ startAt: OFF_HOURS_START, offHours: true, asOf: '2026-12-05T00:00:00Z' })).body).toMatchObject({ code: 'in_past' });
  });

  it('§2.3: an asOf that is not an instant with an offset is 400 naming asOf', async () => {
    expect(issuePaths(await check({ startAt: OFF_HOURS_START, asOf: 'friday' }))).toEqual(['asOf']);
  });
});
