import { mailTemplates } from '../../machines/effects';
import { renderNotice } from '../../src/mail/templates';
import { ACCOUNT_NUMBER, FAKE_PIN, orderFixture, PIN_CIPHERTEXT } from './orderFixture';

/** Template data as the machines send it, plus a stray `pin` a careless caller might pass along. */
const data = {
  reason: 'Customer asked to move the date',
  numbers: ['+13034561235'],
  daysLeft: 3,
  startAt: '2026-12-16T16:00:00.000Z',
  endAt: '2026-12-16T16:30:00.000Z',
  conferenceBridge: null,
  pin: FAKE_PIN,
  pinCiphertext: PIN_CIPHERTEXT,
};

describe('mail templates', () => {
  const order = orderFixture({ window: { releasedAt: '2026-12-01T17:00:00.000Z', endsAt: '2026-12-31T17:00:00.000Z' } });

  it.each(mailTemplates)('R37.1 R12: %s names the order and reference, has a text part, and leaks no PIN', (template) => {
    const rendered = renderNotice(template, order, data);
    expect(rendered.subject).toMatch(/^\[po_01JTESTORDER0000000000000 \/ PO-1182\] \S/);
    const title = rendered.subject.replace(/^\[[^\]]*\] /, '');
    expect(rendered.text.startsWith(`${title}\n\n`)).toBe(true);
    expect(rendered.text).toContain('Order: po_01JTESTORDER0000000000000');
    expect(rendered.html).toContain('<html>');
    for (const part of [rendered.subject, rendered.text, rendered.html]) {
      expect(part).not.toContain(FAKE_PIN);
      expect(part).not.toContain(PIN_CIPHERTEXT);
      expect(part).not.toContain(ACCOUNT_NUMBER);
    }
  });

  it('an unknown template is refused loudly, not sent blank', () => {
    expect(() => renderNotice('noSuchTemplate' as never, order, {})).toThrow('unexpected mail template: "noSuchTemplate"');
  });

  it('R37.1: without a customer reference the subject names the order id alone', () => {
    const noReference = orderFixture();
    noReference.order.customerReference = null;
    expect(renderNotice('submitted', noReference, {}).subject).toBe('[po_01JTESTORDER0000000000000] Port order submitted to Acme Telco');
  });

  it('R37.1: the subject is one line even when the reference holds a line break', () => {
    const odd = orderFixture();
    odd.order.customerReference = 'PO-1\r\nBcc: victim@example.com';
    expect(renderNotice('cancelled', odd, {}).subject).toBe('[po_01JTESTORDER0000000000000 / PO-1 Bcc: victim@example.com] Port order cancelled');
  });

  it('R12: the account number is masked to its last 4 digits', () => {
    expect(renderNotice('submitted', order, {}).text).toContain('Account number: ****1299');
  });

  it('SPEC §2: a December port is shown in MST, a July port in MDT', () => {
    const december = renderNotice('scheduled', order, {});
    expect(december.subject).toBe('[po_01JTESTORDER0000000000000 / PO-1182] Port scheduled for Wed 16 Dec 2026 09:00 MST');
    const july = renderNotice('scheduled', order, { startAt: '2026-07-15T16:00:00.000Z', endAt: '2026-07-15T16:30:00.000Z' });
    expect(july.subject).toContain('Port scheduled for Wed 15 Jul 2026 10:00 MDT');
    expect(july.text).toContain('Wed 15 Jul 2026 10:00 MDT – 10:30 MDT');
  });

  it('SPEC §1.4: an auto port notice says no readiness confirmation is needed and when it completes', () => {
    const auto = renderNotice('scheduled', orderFixture({ portType: 'auto' }), {});
    expect(auto.text).toContain('no readiness confirmation is needed');
    expect(auto.text).toContain('expected to complete within the window, by 09:30 MST');
    const coordinated = renderNotice('scheduled', order, {});
    expect(coordinated.text).not.toContain('no readiness confirmation is needed');
    expect(coordinated.text).toContain('asked to confirm readiness');
  });

  it('R33: the invite text names the conference bridge when there is one, and never mentions one that is not there', () => {
    const slot = { startAt: '2026-12-16T16:00:00.000Z', endAt: '2026-12-16T16:30:00.000Z' };
    const noBridge = renderNotice('rescheduled', orderFixture({ schedule: null }), { ...slot, conferenceBridge: null });
    expect(noBridge.text).not.toMatch(/bridge/i);
    expect(noBridge.html).not.toMatch(/bridge/i);
    const bridged = renderNotice('scheduled', orderFixture({ schedule: null }), { ...slot, conferenceBridge: 'https://bridge.example/1' });
    expect(bridged.text).toContain('Conference bridge: https://bridge.example/1');
    expect(bridged.text).toContain('Have your team on the conference bridge.');
  });

  it('HTML escapes every interpolated value', () => {
    const hostile = orderFixture();
    hostile.order.account.companyName = '<script>alert("x")</script> & Sons';
    const rendered = renderNotice('cancelled', hostile, { reason: "<img src=x onerror='y'>" });
    expect(rendered.html).not.toContain('<script>');
    expect(rendered.html).not.toContain('<img');
    expect(rendered.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons');
    expect(rendered.html).toContain('&lt;img src=x onerror=&#39;y&#39;&gt;');
    expect(rendered.text).toContain('<script>alert("x")</script> & Sons');
  });

  it('R27: a same-day FOC asks to confirm readiness now or reschedule', () => {
    const rendered = renderNotice('sameDayFoc', orderFixture({ sameDayFoc: true }), { focDate: '2026-12-15' });
    expect(rendered.subject).toContain('FOC is today (Tue 15 Dec 2026)');
    expect(rendered.text).toMatch(/ready to port now, or reply to reschedule/);
  });

  it('rejected: shows the reason, the carrier code and the fields to fix', () => {
    const text = renderNotice('rejected', order, {}).text;
    expect(text).toContain('Reason: BTN mismatch');
    expect(text).toContain('Carrier code: 6P');
    expect(text).toContain('  - account.billingTelephoneNumber');
  });

  it('R37: the completion notice lists the test-call result of every number', () => {
    const text = renderNotice('completed', order, {}).text;
    expect(text).toContain('+13034561234: passed');
    expect(text).toContain('+13034561235: FAILED (fast busy)');
  });

  it('R30: the window reminder gives the days left and the end date', () => {
    const rendered = renderNotice('tollFreeWindowReminder', order, { daysLeft: 3 });
    expect(rendered.subject).toContain('Toll-free window ends in 3 days (Thu 31 Dec 2026 10:00 MST)');
  });

  it('R29: the partial-port notice lists the numbers not released', () => {
    const text = renderNotice('partialPort', order, {}).text;
    expect(text).toContain('did not release 1 number');
    expect(text).toContain('  - +13034561235');
  });

  it('a long number list is cut short with a count of the rest', () => {
    const many = Array.from({ length: 40 }, (_, i) => `+1303456${String(1000 + i)}`);
    const text = renderNotice('numbersReleased', order, { numbers: many }).text;
    expect(text).toContain('… and 15 more');
    expect(text).not.toContain(many[30]);
  });
});
