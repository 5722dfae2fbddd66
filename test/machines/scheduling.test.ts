import {
  FOC,
  OrderDriver,
  THURSDAY_9AM,
  TUESDAY,
  WEDNESDAY_9AM,
  effectsOf,
  mailsOf,
  readyToSchedule,
  scheduledOrder,
} from './fixtures';

describe('R32: the calendar decides SCHEDULE and RESCHEDULE', () => {
  it.each([
    ['in_past', 'us', '2026-11-30T16:00:00Z', {}],
    ['before_foc', 'us', '2026-12-04T16:00:00Z', {}],
    ['after_window', 'tollFree', '2027-01-05T16:00:00Z', {}],
    ['monday_blocked', 'us', '2026-12-14T16:00:00Z', {}],
    ['outside_porting_hours', 'us', '2026-12-09T13:00:00Z', {}],
    ['friday_late_not_recommended', 'us', '2026-12-11T23:00:00Z', { offHours: true }],
    ['off_grid', 'us', '2026-12-09T16:05:00Z', {}],
  ] as const)('R32: %s is refused with the calendar code', (code, kind, startAt, options) => {
    const driver = readyToSchedule(kind);
    const before = driver.order;
    const result = driver.send({ type: 'SCHEDULE', startAt, ...options });
    expect(result.accepted).toBe(false);
    expect(result.refusal).toMatchObject({ code, rule: 'R32', details: { allowed: false, code } });
    expect(result.effects).toEqual([]);
    expect(result.next).toBe(before);
  });

  it('R32: insufficient_notice: off-hours needs 48 hours', () => {
    const driver = readyToSchedule('us').at('2026-12-08T17:00:00Z');
    const result = driver.send({ type: 'SCHEDULE', startAt: '2026-12-09T13:00:00Z', offHours: true });
    expect(result.refusal?.code).toBe('insufficient_notice');
  });

  it('R32: RESCHEDULE is checked the same way', () => {
    const driver = scheduledOrder('us');
    expect(driver.send({ type: 'RESCHEDULE', startAt: '2026-12-14T16:00:00Z' }).refusal?.code).toBe('monday_blocked');
    expect(driver.context.schedule?.startAt).toBe(WEDNESDAY_9AM);
  });

  it('R32/R16: an off-hours port carries the fee and takes no slot place', () => {
    const driver = readyToSchedule('us');
    const result = driver.send({ type: 'SCHEDULE', startAt: '2026-12-09T13:00:00Z', offHours: true });
    expect(result.state).toBe('scheduled');
    expect(driver.context.schedule).toMatchObject({ offHours: true, offHoursFee: true, holdsSlot: false });
    expect(effectsOf(result, 'reserveSlot')).toEqual([]);
  });

  it('R32/R17: a late-Friday port with the risk acknowledged is accepted with a warning', () => {
    const driver = readyToSchedule('us');
    driver.send({ type: 'SCHEDULE', startAt: '2026-12-11T23:00:00Z', offHours: true, acknowledgeRisk: true });
    expect(driver.state).toBe('scheduled');
    expect(driver.context.schedule?.acknowledgeRisk).toBe(true);
    expect(driver.context.schedule?.warnings.length).toBe(1);
  });

  it('R19: an auto port takes no slot place', () => {
    const driver = readyToSchedule('us', { portType: 'auto' });
    const result = driver.send({ type: 'SCHEDULE', startAt: WEDNESDAY_9AM });
    expect(driver.context.schedule?.holdsSlot).toBe(false);
    expect(effectsOf(result, 'reserveSlot')).toEqual([]);
  });
});

describe('R33: invites', () => {
  it('R33: SCHEDULE reserves the slot and sends invite REQUEST sequence 0 for the port window; nothing else is mailed', () => {
    const driver = readyToSchedule('us');
    const result = driver.send({ type: 'SCHEDULE', startAt: WEDNESDAY_9AM, conferenceBridge: 'https://bridge.example/1' });
    expect(result.state).toBe('scheduled');
    expect(driver.context.schedule).toEqual({
      startAt: WEDNESDAY_9AM,
      endAt: '2026-12-09T16:30:00Z',
      offHours: false,
      offHoursFee: false,
      acknowledgeRisk: false,
      warnings: [],
      conferenceBridge: 'https://bridge.example/1',
      holdsSlot: true,
    });
    expect(effectsOf(result, 'reserveSlot')).toEqual([{ type: 'reserveSlot', startAt: WEDNESDAY_9AM }]);
    expect(effectsOf(result, 'invite')).toEqual([
      {
        type: 'invite',
        method: 'REQUEST',
        sequence: 0,
        startAt: WEDNESDAY_9AM,
        endAt: '2026-12-09T16:30:00Z',
        conferenceBridge: 'https://bridge.example/1',
      },
    ]);
    expect(mailsOf(result)).toEqual([]);
  });

  it('R33: RESCHEDULE moves the slot and sends REQUEST sequence 1; CANCEL then sends METHOD:CANCEL sequence 2', () => {
    const driver = scheduledOrder('us');
    const moved = driver.send({ type: 'RESCHEDULE', startAt: THURSDAY_9AM });
    expect(moved.state).toBe('scheduled');
    expect(moved.effects.filter((e) => e.type === 'releaseSlot' || e.type === 'reserveSlot')).toEqual([
      { type: 'releaseSlot', startAt: WEDNESDAY_9AM },
      { type: 'reserveSlot', startAt: THURSDAY_9AM },
    ]);
    expect(effectsOf(moved, 'invite').map((i) => [i.method, i.sequence, i.startAt])).toEqual([['REQUEST', 1, THURSDAY_9AM]]);

    const cancelled = driver.send({ type: 'CANCEL', reason: 'project stopped' });
    expect(cancelled.state).toBe('cancelled');
    expect(effectsOf(cancelled, 'releaseSlot')).toEqual([{ type: 'releaseSlot', startAt: THURSDAY_9AM }]);
    expect(effectsOf(cancelled, 'invite').map((i) => [i.method, i.sequence, i.startAt])).toEqual([['CANCEL', 2, THURSDAY_9AM]]);
    expect(driver.context.timers).toEqual({});
    expect(driver.context.schedule).toBeNull();
  });
});

describe('R33: the conference bridge', () => {
  const BRIDGE = 'https://bridge.example/1';
  const withBridge = () => {
    const driver = readyToSchedule('us');
    driver.send({ type: 'SCHEDULE', startAt: WEDNESDAY_9AM, conferenceBridge: BRIDGE });
    return driver;
  };

  it('R33: a RESCHEDULE without conferenceBridge keeps the bridge, in the schedule and in the invite', () => {
    const driver = withBridge();
    const moved = driver.send({ type: 'RESCHEDULE', startAt: THURSDAY_9AM });
    expect(driver.context.schedule?.conferenceBridge).toBe(BRIDGE);
    expect(effectsOf(moved, 'invite').map((invite) => invite.conferenceBridge)).toEqual([BRIDGE]);
  });

  it('R33: a RESCHEDULE with conferenceBridge null removes it; one with another bridge replaces it', () => {
    const driver = withBridge();
    const removed = driver.send({ type: 'RESCHEDULE', startAt: THURSDAY_9AM, conferenceBridge: null });
    expect(effectsOf(removed, 'invite').map((invite) => invite.conferenceBridge)).toEqual([null]);
    const replaced = driver.send({ type: 'RESCHEDULE', startAt: WEDNESDAY_9AM, conferenceBridge: 'tel:+13035550100,,1234#' });
    expect(effectsOf(replaced, 'invite').map((invite) => invite.conferenceBridge)).toEqual(['tel:+13035550100,,1234#']);
  });
});

describe('R34: the day-before reminder', () => {
  it('R34: the reminder is armed 24 h before the port and mails the contacts when it fires', () => {
    const driver = readyToSchedule('us');
    const result = driver.send({ type: 'SCHEDULE', startAt: WEDNESDAY_9AM });
    expect(effectsOf(result, 'armTimer')).toEqual([
      { type: 'armTimer', timer: 'portReminder', visit: 4, dueAt: '2026-12-08T16:00:00Z' },
      { type: 'armTimer', timer: 'windowOpens', visit: 4, dueAt: WEDNESDAY_9AM },
    ]);
    const reminder = driver.at('2026-12-08T16:00:00Z').fire('portReminder');
    expect(reminder.state).toBe('scheduled');
    expect(effectsOf(reminder, 'mail')).toEqual([
      { type: 'mail', template: 'portReminder', to: 'contacts', data: { startAt: WEDNESDAY_9AM, endAt: '2026-12-09T16:30:00Z', conferenceBridge: null } },
    ]);
  });

  it('R34: a port less than 24 h ahead gets no reminder', () => {
    const driver = readyToSchedule('us').at('2026-12-08T17:00:00Z');
    const result = driver.send({ type: 'SCHEDULE', startAt: WEDNESDAY_9AM });
    expect(effectsOf(result, 'armTimer').map((t) => t.timer)).toEqual(['windowOpens']);
  });
});

describe('R35: the port window opens', () => {
  it('R35: a coordinated port enters readinessCheck, asks the contacts, and alerts ops after 60 minutes', () => {
    const driver = scheduledOrder('us').at(WEDNESDAY_9AM);
    const opened = driver.fire('windowOpens');
    expect(opened.state).toBe('readinessCheck');
    expect(mailsOf(opened)).toEqual(['readinessRequest→contacts']);
    expect(effectsOf(opened, 'armTimer')).toEqual([
      { type: 'armTimer', timer: 'readinessOverdue', visit: 5, dueAt: '2026-12-09T17:00:00Z' },
    ]);
    // The window timer itself fired: nothing to cancel for it.
    expect(effectsOf(opened, 'cancelTimer').map((t) => t.timer)).toEqual(['portReminder']);
    expect(mailsOf(driver.at('2026-12-09T17:00:00Z').fire('readinessOverdue'))).toEqual(['opsReadinessOverdue→ops']);
    const ready = driver.send({ type: 'CONFIRM_READY', confirmedBy: 'Jane Roe' });
    expect(ready.state).toBe('porting');
    expect(driver.context.readiness).toEqual({ confirmedBy: 'Jane Roe', at: '2026-12-09T17:00:00Z' });
  });

  it('R35: an auto port goes straight to porting', () => {
    const driver = scheduledOrder('us', { portType: 'auto' }).at(WEDNESDAY_9AM);
    const opened = driver.fire('windowOpens');
    expect(opened.state).toBe('porting');
    expect(mailsOf(opened)).toEqual(['portStarted→contacts']);
  });

  it('R35: NOT_READY frees the slot, cancels the invite and returns to focConfirmed', () => {
    const driver = scheduledOrder('us').at(WEDNESDAY_9AM);
    driver.fire('windowOpens');
    const result = driver.send({ type: 'NOT_READY', reason: 'PBX not configured' });
    expect(result.state).toBe('focConfirmed');
    expect(driver.context.schedule).toBeNull();
    expect(driver.context.focDate).toBe(FOC);
    expect(driver.context.timers).toEqual({});
    expect(effectsOf(result, 'releaseSlot')).toEqual([{ type: 'releaseSlot', startAt: WEDNESDAY_9AM }]);
    // One message about one unscheduling: the cancellation carries the reason, no separate notice.
    expect(effectsOf(result, 'invite').map((i) => [i.method, i.sequence, i.reason])).toEqual([['CANCEL', 1, 'PBX not configured']]);
    expect(effectsOf(result, 'mail')).toEqual([]);
  });

  it('R35: RESCHEDULE from readinessCheck books the new start and re-arms the port timers', () => {
    const driver = scheduledOrder('us').at(WEDNESDAY_9AM);
    driver.fire('windowOpens');
    const result = driver.send({ type: 'RESCHEDULE', startAt: '2026-12-15T16:00:00Z' });
    expect(result.state).toBe('scheduled');
    expect(Object.keys(driver.context.timers).sort()).toEqual(['portReminder', 'windowOpens']);
    expect(effectsOf(result, 'cancelTimer').map((t) => t.timer)).toEqual(['readinessOverdue']);
  });
});

describe('durable timers', () => {
  it('§3.6: a stale timer (its visit token no longer armed) is ignored', () => {
    const driver = scheduledOrder('us');
    const staleVisit = driver.context.timers.windowOpens as number;
    driver.send({ type: 'RESCHEDULE', startAt: THURSDAY_9AM });
    const before = driver.order;
    const stale = driver.at(WEDNESDAY_9AM).send({ type: 'TIMER', timer: 'windowOpens', visit: staleVisit });
    expect(stale).toMatchObject({ accepted: false, refusal: null, effects: [], state: 'scheduled' });
    expect(stale.next).toBe(before);
    // The re-armed visit is the one that counts.
    expect(driver.at(THURSDAY_9AM).fire('windowOpens').state).toBe('readinessCheck');
  });

  it('a timer of a state that was left is ignored', () => {
    const driver = new OrderDriver('us', TUESDAY);
    const draftVisit = driver.context.timers.draftReminder as number;
    driver.send({ type: 'SUBMIT' });
    expect(driver.send({ type: 'TIMER', timer: 'draftReminder', visit: draftVisit }).accepted).toBe(false);
  });
});
