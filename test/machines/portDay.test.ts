import { OrderDriver, TUESDAY, WEDNESDAY_9AM, effectsOf, mailsOf, orderOf, portingOrder } from './fixtures';

const [FIRST, SECOND] = ['+13034561234', '+13034561235'];

describe('R36: porting', () => {
  it('R36: porting arms a 60-minute watch that alerts ops', () => {
    const driver = portingOrder('us');
    expect(driver.state).toBe('porting');
    expect(driver.last && effectsOf(driver.last, 'armTimer')).toEqual([
      { type: 'armTimer', timer: 'portingOverdue', visit: 6, dueAt: '2026-12-09T17:00:00Z' },
    ]);
    const overdue = driver.at('2026-12-09T17:00:00Z').fire('portingOverdue');
    expect(overdue.state).toBe('porting');
    expect(mailsOf(overdue)).toEqual(['opsPortingOverdue→ops']);
  });

  it('R36: CANCEL is not taken once porting has started', () => {
    const result = portingOrder('us').send({ type: 'CANCEL', reason: 'too late' });
    expect(result.accepted).toBe(false);
    expect(result.allowedEvents).toEqual(['PORT_COMPLETED']);
  });
});

describe('R29: numbers carry their own status', () => {
  it('R29: PORT_COMPLETED with every number released goes to testing and runs the test calls (R37)', () => {
    const driver = portingOrder('us');
    const result = driver.send({ type: 'PORT_COMPLETED' });
    expect(result.state).toBe('testing');
    expect(driver.context.numbers).toEqual([
      { number: FIRST, status: 'ported' },
      { number: SECOND, status: 'ported' },
    ]);
    expect(effectsOf(result, 'testCalls')).toEqual([{ type: 'testCalls', numbers: [FIRST, SECOND] }]);
    expect(effectsOf(result, 'cancelTimer').map((t) => t.timer)).toEqual(['portingOverdue']);
    expect(driver.context.timers).toEqual({});
  });

  it('R29: PORT_COMPLETED with notReleased numbers moves to partiallyPorted and tells contacts and ops', () => {
    const driver = portingOrder('us');
    const result = driver.send({ type: 'PORT_COMPLETED', notReleased: [SECOND] });
    expect(result.state).toBe('partiallyPorted');
    expect(driver.context.numbers).toEqual([
      { number: FIRST, status: 'ported' },
      { number: SECOND, status: 'notReleased' },
    ]);
    expect(effectsOf(result, 'mail')).toEqual([
      { type: 'mail', template: 'partialPort', to: 'both', data: { ported: [FIRST], notReleased: [SECOND] } },
    ]);
  });

  it('R29: numbers that are not the order’s are refused', () => {
    const driver = portingOrder('us');
    const result = driver.send({ type: 'PORT_COMPLETED', notReleased: ['+13035550000'] });
    expect(result.refusal).toMatchObject({ code: 'unknown_numbers', rule: 'R29', details: { numbers: ['+13035550000'] } });
    driver.send({ type: 'PORT_COMPLETED', notReleased: [SECOND] });
    expect(driver.send({ type: 'NUMBERS_RELEASED', numbers: ['+13035550000'] }).refusal?.code).toBe('unknown_numbers');
  });

  it('R29: the order reaches testing when the last notReleased number is released', () => {
    const driver = new OrderDriver('us', TUESDAY, {
      order: orderOf('us', { numbers: ['+13034561234', '+13034561235', '+13034561236'] }),
    });
    driver.send({ type: 'SUBMIT' });
    driver.send({ type: 'CONFIRM_FOC', focDate: '2026-12-08' });
    driver.send({ type: 'SCHEDULE', startAt: WEDNESDAY_9AM });
    driver.at(WEDNESDAY_9AM).fire('windowOpens');
    driver.send({ type: 'CONFIRM_READY', confirmedBy: 'Jane Roe' });
    driver.send({ type: 'PORT_COMPLETED', notReleased: ['+13034561235', '+13034561236'] });

    const some = driver.send({ type: 'NUMBERS_RELEASED', numbers: ['+13034561235'] });
    expect(some.state).toBe('partiallyPorted');
    expect(effectsOf(some, 'mail')).toEqual([
      { type: 'mail', template: 'numbersReleased', to: 'contacts', data: { numbers: ['+13034561235'], stillNotReleased: ['+13034561236'] } },
    ]);
    const rest = driver.send({ type: 'NUMBERS_RELEASED', numbers: ['+13034561236'] });
    expect(rest.state).toBe('testing');
    expect(driver.context.numbers.every((n) => n.status === 'ported')).toBe(true);
    expect(effectsOf(rest, 'testCalls')[0].numbers).toHaveLength(3);
  });

  it('R29: EXCLUDE_NUMBERS gives up on the unreleased numbers; testing runs on the ported ones only', () => {
    const driver = portingOrder('us');
    driver.send({ type: 'PORT_COMPLETED', notReleased: [SECOND] });
    const result = driver.send({ type: 'EXCLUDE_NUMBERS', numbers: [SECOND], reason: 'carrier will not release' });
    expect(result.state).toBe('testing');
    expect(driver.context.numbers).toEqual([
      { number: FIRST, status: 'ported' },
      { number: SECOND, status: 'excluded' },
    ]);
    expect(effectsOf(result, 'testCalls')).toEqual([{ type: 'testCalls', numbers: [FIRST] }]);
  });
});

describe('R37: test calls', () => {
  const passed = [{ number: FIRST, passed: true }, { number: SECOND, passed: true }];
  const failed = [{ number: FIRST, passed: true }, { number: SECOND, passed: false, detail: 'no ringback' }];

  it('R37: passing test calls complete the order; the results go to the contacts', () => {
    const driver = portingOrder('us');
    driver.send({ type: 'PORT_COMPLETED' });
    const result = driver.send({ type: 'TEST_CALLS_PASSED', results: passed });
    expect(result).toMatchObject({ state: 'completed', final: true });
    expect(driver.context.testResults).toEqual(passed);
    expect(effectsOf(result, 'mail')).toEqual([{ type: 'mail', template: 'completed', to: 'contacts', data: { results: passed } }]);
    expect(driver.context.timers).toEqual({});
  });

  it('R37: failing test calls go to testFailed (contacts and ops told); RETEST runs them again', () => {
    const driver = portingOrder('us');
    driver.send({ type: 'PORT_COMPLETED' });
    const result = driver.send({ type: 'TEST_CALLS_FAILED', results: failed });
    expect(result.state).toBe('testFailed');
    expect(mailsOf(result)).toEqual(['testCallsFailed→both']);
    const again = driver.send({ type: 'RETEST' });
    expect(again.state).toBe('testing');
    expect(effectsOf(again, 'testCalls')).toEqual([{ type: 'testCalls', numbers: [FIRST, SECOND] }]);
  });
});
