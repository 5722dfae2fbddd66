import { FOC, OrderDriver, THURSDAY_9AM, TUESDAY, WEDNESDAY_9AM, effectsOf, mailsOf, scheduledOrder } from './fixtures';

function submitted(kind: 'us' | 'international' = 'us'): OrderDriver {
  const driver = new OrderDriver(kind, TUESDAY);
  driver.send({ type: 'SUBMIT' });
  return driver;
}

describe('R27: CONFIRM_FOC', () => {
  it('R27: a FOC date in the future confirms the FOC and tells the contacts', () => {
    const driver = submitted();
    const result = driver.send({ type: 'CONFIRM_FOC', focDate: FOC });
    expect(result.state).toBe('focConfirmed');
    expect(driver.context).toMatchObject({ focDate: FOC, sameDayFoc: false });
    expect(effectsOf(result, 'mail')).toEqual([{ type: 'mail', template: 'focConfirmed', to: 'contacts', data: { focDate: FOC } }]);
    expect(effectsOf(result, 'cancelTimer')).toEqual([{ type: 'cancelTimer', timer: 'carrierResponseDue', visit: 2 }]);
  });

  it('R27: a FOC date of today (Denver) flags sameDayFoc and asks contacts and ops to confirm readiness now', () => {
    // 2026-12-02 05:00 UTC is still 2026-12-01 in Denver.
    const driver = submitted('international').at('2026-12-02T05:00:00Z');
    const result = driver.send({ type: 'CONFIRM_FOC', focDate: '2026-12-01' });
    expect(result.state).toBe('focConfirmed');
    expect(driver.context.sameDayFoc).toBe(true);
    expect(mailsOf(result)).toEqual(['sameDayFoc→both']);
  });

  it('R27: a FOC date before today (Denver) is refused', () => {
    const driver = submitted();
    const result = driver.send({ type: 'CONFIRM_FOC', focDate: '2026-11-30' });
    expect(result.accepted).toBe(false);
    expect(result.refusal).toMatchObject({ code: 'foc_in_past', details: { focDate: '2026-11-30', today: '2026-12-01' } });
    expect(result.effects).toEqual([]);
  });
});

describe('R28: CHANGE_FOC', () => {
  it('R28: before scheduling, the FOC date moves and the contacts are told', () => {
    const driver = submitted();
    driver.send({ type: 'CONFIRM_FOC', focDate: FOC });
    const result = driver.send({ type: 'CHANGE_FOC', focDate: '2026-12-09', reason: 'carrier moved it' });
    expect(result.state).toBe('focConfirmed');
    expect(driver.context.focDate).toBe('2026-12-09');
    expect(effectsOf(result, 'mail')).toEqual([
      { type: 'mail', template: 'focChanged', to: 'contacts', data: { focDate: '2026-12-09', previousFocDate: FOC, reason: 'carrier moved it' } },
    ]);
  });

  it('R28: a new FOC date in the past is refused', () => {
    const driver = scheduledOrder('us');
    expect(driver.send({ type: 'CHANGE_FOC', focDate: '2026-11-30', reason: 'x' }).refusal?.code).toBe('foc_in_past');
  });

  it('R28: a scheduled port before the new FOC date is unscheduled: slot freed, invite cancelled, back to focConfirmed', () => {
    const driver = scheduledOrder('us');
    const result = driver.send({ type: 'CHANGE_FOC', focDate: '2026-12-10', reason: 'carrier moved it' });
    expect(result.state).toBe('focConfirmed');
    expect(driver.context.schedule).toBeNull();
    expect(driver.context.atRisk).toBe(false);
    expect(driver.context.timers).toEqual({});
    expect(effectsOf(result, 'releaseSlot')).toEqual([{ type: 'releaseSlot', startAt: WEDNESDAY_9AM }]);
    expect(effectsOf(result, 'invite')).toEqual([
      { type: 'invite', method: 'CANCEL', sequence: 1, startAt: WEDNESDAY_9AM, endAt: '2026-12-09T16:30:00Z', conferenceBridge: null, reason: 'carrier moved it' },
    ]);
    expect(effectsOf(result, 'cancelTimer').map((e) => e.timer).sort()).toEqual(['portReminder', 'windowOpens']);
    expect(mailsOf(result)).toEqual(['focChanged→contacts']);
    // It can be scheduled again on or after the new FOC date.
    expect(driver.send({ type: 'SCHEDULE', startAt: THURSDAY_9AM }).state).toBe('scheduled');
  });

  it('R28: a port on or after the new FOC date stays scheduled', () => {
    const driver = scheduledOrder('us');
    const result = driver.send({ type: 'CHANGE_FOC', focDate: '2026-12-09', reason: 'carrier moved it' });
    expect(result.state).toBe('scheduled');
    expect(driver.context.schedule?.startAt).toBe(WEDNESDAY_9AM);
    expect(effectsOf(result, 'invite')).toEqual([]);
    expect(mailsOf(result)).toEqual(['focChanged→contacts']);
  });

  it('R28: a FOC change within 48 h of the port flags atRisk and notifies ops', () => {
    const driver = scheduledOrder('us').at('2026-12-07T17:00:00Z'); // 47 h before the port
    const result = driver.send({ type: 'CHANGE_FOC', focDate: '2026-12-09', reason: 'late change' });
    expect(driver.context.atRisk).toBe(true);
    expect(mailsOf(result)).toEqual(['opsFocChangedNearPort→ops', 'focChanged→contacts']);
    // Just outside 48 h: no risk flag.
    const early = scheduledOrder('us').at('2026-12-07T15:59:00Z');
    early.send({ type: 'CHANGE_FOC', focDate: '2026-12-09', reason: 'change' });
    expect(early.context.atRisk).toBe(false);
  });
});
