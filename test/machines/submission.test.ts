import { OrderDriver, TUESDAY, effectsOf, mailsOf, orderOf } from './fixtures';

describe('draft', () => {
  it('§3.6: creation arms the draft reminder 5 business days out, with the input seq as visit token', () => {
    const driver = new OrderDriver('us', TUESDAY);
    expect(driver.state).toBe('draft');
    expect(driver.context.timers).toEqual({ draftReminder: 1 });
    expect(driver.context.numbers.every((n) => n.status === 'pending')).toBe(true);
  });

  it('UPDATE replaces the order, rebuilds the numbers and re-arms the draft reminder', () => {
    const driver = new OrderDriver('us', TUESDAY);
    const result = driver.at('2026-12-03T17:00:00Z').send({
      type: 'UPDATE',
      order: orderOf('us', { numbers: ['+13034569999'] }),
      project: false,
      portType: 'auto',
    });
    expect(result.accepted).toBe(true);
    expect(driver.context.numbers).toEqual([{ number: '+13034569999', status: 'pending' }]);
    expect(driver.context.portType).toBe('auto');
    expect(result.effects).toEqual([
      { type: 'cancelTimer', timer: 'draftReminder', visit: 1 },
      // Thursday + 5 business days = the next Thursday.
      { type: 'armTimer', timer: 'draftReminder', visit: 2, dueAt: '2026-12-10T17:00:00Z' },
    ]);
    expect(driver.context.updatedAt).toBe('2026-12-03T17:00:00Z');
  });

  it('the draft reminder mails the contacts once', () => {
    const driver = new OrderDriver('us', TUESDAY);
    const result = driver.fire('draftReminder');
    expect(mailsOf(result)).toEqual(['draftReminder→contacts']);
    expect(driver.context.timers).toEqual({});
  });
});

describe('R25: SUBMIT checklist', () => {
  it('R25: us needs the CSR requested and a bill copy on file', () => {
    const driver = new OrderDriver('us', TUESDAY, {
      order: orderOf('us', {
        documents: { ...orderOf('us').documents, csrRequested: false, billCopyOnFile: false },
      }),
    });
    const result = driver.send({ type: 'SUBMIT' });
    expect(result.accepted).toBe(false);
    expect(result.refusal).toMatchObject({
      code: 'submission_incomplete',
      rule: 'R25',
      details: { missing: ['documents.csrRequested', 'documents.billCopyOnFile'] },
    });
    expect(result.effects).toEqual([]);
    expect(result.next).toBe(driver.order);
  });

  const none = {
    csrRequested: false,
    billCopyOnFile: false,
    loaSigned: false,
    invoiceOnFile: false,
    idOnFile: false,
    portingCodeOnFile: false,
  };
  it.each([
    ['GB', ['documents.loaSigned', 'documents.billCopyOnFile']],
    ['CA', ['documents.loaSigned', 'documents.billCopyOnFile', 'account.accountNumber', 'account.pin']],
    ['DE', ['documents.loaSigned', 'documents.billCopyOnFile', 'documents.idOnFile']],
    ['FR', ['documents.billCopyOnFile', 'documents.portingCodeOnFile']],
    ['AU', ['documents.loaSigned', 'documents.billCopyOnFile']],
    ['MX', ['documents.idOnFile']],
    ['JP', ['documents.loaSigned']],
  ])('R25: international %s requires %j', (country, missing) => {
    const base = orderOf('international');
    const order = { ...base, country, documents: none, account: { ...base.account, accountNumber: null, pinCiphertext: null } };
    const driver = new OrderDriver('international', TUESDAY, { order });
    expect(driver.send({ type: 'SUBMIT' }).refusal?.details).toEqual({ missing });
  });

  it('R25: toll-free needs nothing extra', () => {
    const driver = new OrderDriver('tollFree', TUESDAY, { order: { ...orderOf('tollFree'), documents: none } });
    expect(driver.send({ type: 'SUBMIT' }).accepted).toBe(true);
  });

  it('R25: a requested FOC date that has passed blocks the submission', () => {
    const driver = new OrderDriver('tollFree', TUESDAY, { order: orderOf('tollFree', { requestedFocDate: '2026-11-30' }) });
    expect(driver.send({ type: 'SUBMIT' }).refusal?.details).toEqual({ missing: ['requestedFocDate'] });
    // Today (Denver) is still fine.
    const today = new OrderDriver('tollFree', TUESDAY, { order: orderOf('tollFree', { requestedFocDate: '2026-12-01' }) });
    expect(today.send({ type: 'SUBMIT' }).accepted).toBe(true);
  });

  it('R25/R21: SUBMIT mails the contacts, disarms the draft reminder and arms the carrier follow-up at +7 business days', () => {
    const driver = new OrderDriver('us', TUESDAY);
    const result = driver.send({ type: 'SUBMIT' });
    expect(result.state).toBe('submitted');
    expect(driver.context.submittedAt).toBe(TUESDAY);
    expect(mailsOf(result)).toEqual(['submitted→contacts']);
    expect(effectsOf(result, 'cancelTimer')).toEqual([{ type: 'cancelTimer', timer: 'draftReminder', visit: 1 }]);
    expect(effectsOf(result, 'armTimer')).toEqual([
      { type: 'armTimer', timer: 'carrierResponseDue', visit: 2, dueAt: '2026-12-10T17:00:00Z' },
    ]);
  });

  it('R23: toll-free expects the carrier within 5 business days', () => {
    const driver = new OrderDriver('tollFree', TUESDAY);
    expect(effectsOf(driver.send({ type: 'SUBMIT' }), 'armTimer')[0].dueAt).toBe('2026-12-08T17:00:00Z');
  });

  it('R21: no carrier answer by the late end of the range alerts ops', () => {
    const driver = new OrderDriver('us', TUESDAY);
    driver.send({ type: 'SUBMIT' });
    expect(mailsOf(driver.fire('carrierResponseDue'))).toEqual(['opsCarrierResponseOverdue→ops']);
  });
});

describe('R26: rejection and resubmission', () => {
  function rejected(): OrderDriver {
    const driver = new OrderDriver('us', TUESDAY);
    driver.send({ type: 'SUBMIT' });
    driver.send({ type: 'REJECT', reason: 'BTN mismatch', code: '6P', fields: ['account.billingTelephoneNumber'] });
    return driver;
  }

  it('R26: REJECT counts, records the reason, mails the contacts and arms the rejection reminder', () => {
    const driver = new OrderDriver('us', TUESDAY);
    driver.send({ type: 'SUBMIT' });
    const result = driver.send({ type: 'REJECT', reason: 'BTN mismatch', code: '6P', fields: ['account.billingTelephoneNumber'] });
    expect(result.state).toBe('rejected');
    expect(driver.context.rejectionCount).toBe(1);
    expect(driver.context.lastRejection).toEqual({
      reason: 'BTN mismatch',
      code: '6P',
      fields: ['account.billingTelephoneNumber'],
      at: TUESDAY,
    });
    expect(effectsOf(result, 'mail')).toEqual([
      {
        type: 'mail',
        template: 'rejected',
        to: 'contacts',
        data: { reason: 'BTN mismatch', code: '6P', fields: ['account.billingTelephoneNumber'], at: TUESDAY },
      },
    ]);
    expect(result.effects.filter((e) => e.type.endsWith('Timer'))).toEqual([
      { type: 'cancelTimer', timer: 'carrierResponseDue', visit: 2 },
      { type: 'armTimer', timer: 'rejectionReminder', visit: 3, dueAt: '2026-12-03T17:00:00Z' },
    ]);
  });

  it('R26: RESUBMIT without an UPDATE since the rejection is refused', () => {
    const driver = rejected();
    const result = driver.send({ type: 'RESUBMIT' });
    expect(result.accepted).toBe(false);
    expect(result.refusal).toMatchObject({ code: 'unchanged_since_rejection', rule: 'R26' });
  });

  it('R26: after an UPDATE the order resubmits, restarting the SLA clock', () => {
    const driver = rejected();
    driver.at('2026-12-02T17:00:00Z').send({ type: 'UPDATE', order: orderOf('us'), project: false, portType: 'coordinated' });
    expect(driver.context.changedSinceRejection).toBe(true);
    const result = driver.send({ type: 'RESUBMIT' });
    expect(result.state).toBe('submitted');
    expect(driver.context.submittedAt).toBe('2026-12-02T17:00:00Z');
    expect(mailsOf(result)).toEqual(['resubmitted→contacts']);
    // A second rejection needs a second change.
    driver.send({ type: 'REJECT', reason: 'again' });
    expect(driver.context.rejectionCount).toBe(2);
    expect(driver.send({ type: 'RESUBMIT' }).refusal?.code).toBe('unchanged_since_rejection');
  });

  it('R26/R25: an UPDATE that drops a required document keeps the order from resubmitting', () => {
    const driver = rejected();
    const order = orderOf('us');
    driver.send({ type: 'UPDATE', order: { ...order, documents: { ...order.documents, billCopyOnFile: false } }, project: false, portType: 'coordinated' });
    expect(driver.send({ type: 'RESUBMIT' }).refusal).toMatchObject({ code: 'submission_incomplete', rule: 'R25' });
  });

  it('the rejection reminder mails the contacts', () => {
    expect(mailsOf(rejected().fire('rejectionReminder'))).toEqual(['rejectionReminder→contacts']);
  });
});

describe('events a state does not take', () => {
  it('an invalid event is not accepted: nothing changes, nothing is sent, the allowed events are listed', () => {
    const driver = new OrderDriver('us', TUESDAY);
    const before = driver.order;
    const result = driver.send({ type: 'SCHEDULE', startAt: '2026-12-09T16:00:00Z' });
    expect(result).toMatchObject({ accepted: false, refusal: null, effects: [], state: 'draft' });
    expect(result.next).toBe(before);
    expect(result.allowedEvents).toEqual(['UPDATE', 'SUBMIT', 'CANCEL']);
  });

  it('allowed events list guarded events and never TIMER', () => {
    const driver = new OrderDriver('us', TUESDAY);
    driver.send({ type: 'SUBMIT' });
    driver.send({ type: 'REJECT', reason: 'x' });
    expect(driver.last?.allowedEvents).toEqual(['UPDATE', 'RESUBMIT', 'CANCEL']);
  });
});

describe('CANCEL', () => {
  it('CANCEL from a draft records the reason, mails the contacts and leaves no timer', () => {
    const driver = new OrderDriver('us', TUESDAY);
    const result = driver.send({ type: 'CANCEL', reason: 'customer changed their mind' });
    expect(result).toMatchObject({ state: 'cancelled', final: true, allowedEvents: [] });
    expect(driver.context.cancelReason).toBe('customer changed their mind');
    expect(driver.context.timers).toEqual({});
    expect(effectsOf(result, 'mail')).toEqual([
      { type: 'mail', template: 'cancelled', to: 'contacts', data: { reason: 'customer changed their mind' } },
    ]);
  });
});
