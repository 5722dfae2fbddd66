import { OrderDriver, TUESDAY, WEDNESDAY_9AM, effectsOf, mailsOf, readyToSchedule, scheduledOrder } from './fixtures';

function submittedTollFree(now = TUESDAY): OrderDriver {
  const driver = new OrderDriver('tollFree', now);
  driver.send({ type: 'SUBMIT' });
  return driver;
}

describe('R30: the toll-free 30-day window', () => {
  it('R30: RELEASE opens a window of 30 Denver calendar days (across DST) and arms reminders at 14, 7, 3, 1 days', () => {
    // 2026-10-20 10:00 MDT; 30 days later is 2026-11-19 10:00 MST.
    const driver = submittedTollFree('2026-10-20T16:00:00Z');
    const result = driver.send({ type: 'RELEASE' });
    expect(result.state).toBe('released');
    expect(driver.context.window).toEqual({ releasedAt: '2026-10-20T16:00:00Z', endsAt: '2026-11-19T17:00:00Z' });
    expect(effectsOf(result, 'armTimer').map((t) => [t.timer, t.dueAt])).toEqual([
      ['tollFreeWindowReminder14', '2026-11-05T17:00:00Z'],
      ['tollFreeWindowReminder7', '2026-11-12T17:00:00Z'],
      ['tollFreeWindowReminder3', '2026-11-16T17:00:00Z'],
      ['tollFreeWindowReminder1', '2026-11-18T17:00:00Z'],
      ['tollFreeWindowExpired', '2026-11-19T17:00:00Z'],
    ]);
    expect(effectsOf(result, 'mail')).toEqual([
      { type: 'mail', template: 'tollFreeReleased', to: 'contacts', data: { releasedAt: '2026-10-20T16:00:00Z', endsAt: '2026-11-19T17:00:00Z' } },
    ]);
  });

  it('R30: a release reported late counts from releasedAt; reminders already past are not armed', () => {
    const driver = submittedTollFree('2026-12-20T17:00:00Z');
    const result = driver.send({ type: 'RELEASE', releasedAt: '2026-12-01T17:00:00Z' });
    expect(driver.context.window?.endsAt).toBe('2026-12-31T17:00:00Z');
    expect(effectsOf(result, 'armTimer').map((t) => t.timer)).toEqual([
      'tollFreeWindowReminder7',
      'tollFreeWindowReminder3',
      'tollFreeWindowReminder1',
      'tollFreeWindowExpired',
    ]);
  });

  it('R30: a reminder mails contacts and ops with the days left', () => {
    const driver = readyToSchedule('tollFree');
    const result = driver.at('2026-12-24T17:00:00Z').fire('tollFreeWindowReminder7');
    expect(result.state).toBe('released');
    expect(effectsOf(result, 'mail')).toEqual([
      { type: 'mail', template: 'tollFreeWindowReminder', to: 'both', data: { daysLeft: 7, windowEndsAt: '2026-12-31T17:00:00Z' } },
    ]);
    expect(driver.context.timers.tollFreeWindowReminder7).toBeUndefined();
  });

  it('R30: when the window ends before the port starts, a scheduled order is dropped: slot freed, invite cancelled, ops alerted', () => {
    const driver = scheduledOrder('tollFree');
    const result = driver.at('2026-12-31T17:00:00Z').fire('tollFreeWindowExpired');
    expect(result).toMatchObject({ state: 'dropped', final: true });
    expect(effectsOf(result, 'releaseSlot')).toEqual([{ type: 'releaseSlot', startAt: WEDNESDAY_9AM }]);
    expect(effectsOf(result, 'invite').map((i) => [i.method, i.sequence])).toEqual([['CANCEL', 1]]);
    expect(mailsOf(result)).toEqual(['dropped→contacts', 'opsDropped→ops']);
    expect(driver.context.timers).toEqual({});
  });

  it('R30: the window timers are disarmed when porting starts', () => {
    const driver = scheduledOrder('tollFree').at(WEDNESDAY_9AM);
    driver.fire('windowOpens');
    const result = driver.send({ type: 'CONFIRM_READY', confirmedBy: 'Jane Roe' });
    expect(result.state).toBe('porting');
    expect(effectsOf(result, 'cancelTimer').map((t) => t.timer).sort()).toEqual([
      'readinessOverdue',
      'tollFreeWindowExpired',
      'tollFreeWindowReminder1',
      'tollFreeWindowReminder14',
      'tollFreeWindowReminder3',
      'tollFreeWindowReminder7',
    ]);
    expect(Object.keys(driver.context.timers)).toEqual(['portingOverdue']);
    const late = driver.send({ type: 'TIMER', timer: 'tollFreeWindowExpired', visit: 3 });
    expect(late.accepted).toBe(false);
  });

  it('R30: NOT_READY returns a toll-free order to released, the window still running', () => {
    const driver = scheduledOrder('tollFree').at(WEDNESDAY_9AM);
    driver.fire('windowOpens');
    expect(driver.send({ type: 'NOT_READY', reason: 'not ready' }).state).toBe('released');
    expect(driver.context.timers.tollFreeWindowExpired).toBe(3);
  });
});

describe('R31: no port after the window', () => {
  it('R31: a schedule after windowEndsAt is refused (after_window); the last day is fine', () => {
    const driver = readyToSchedule('tollFree');
    expect(driver.send({ type: 'SCHEDULE', startAt: '2027-01-05T16:00:00Z' }).refusal).toMatchObject({
      code: 'after_window',
      rule: 'R32',
    });
    expect(driver.send({ type: 'SCHEDULE', startAt: '2026-12-31T16:00:00Z' }).state).toBe('scheduled');
  });
});
