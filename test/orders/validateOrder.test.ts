import { validateOrderInput } from '../../src/orders/validateOrder';
import { ctx, internationalOrder, issuesOf, tollFreeOrder, usOrder } from './orderFixtures';

describe('validateOrderInput: the valid baseline of each kind', () => {
  it('R1–R10: a complete us, tollFree and international order each pass', () => {
    expect(issuesOf(usOrder())).toEqual([]);
    expect(issuesOf(tollFreeOrder())).toEqual([]);
    expect(issuesOf(internationalOrder())).toEqual([]);
  });

  it('SPEC 1.2: country defaults to US for us and tollFree orders; documents default to false', () => {
    const result = validateOrderInput(tollFreeOrder(), ctx);
    expect(result.ok && result.value.country).toBe('US');
    expect(result.ok && result.value.documents).toEqual({
      csrRequested: false, billCopyOnFile: false, loaSigned: false,
      invoiceOnFile: false, idOnFile: false, portingCodeOnFile: false,
    });
  });
});

describe('R1: numbers', () => {
  it('R1: an empty list is refused at numbers', () => {
    expect(issuesOf({ ...usOrder(), numbers: [] })).toEqual(['numbers required']);
  });

  it('R1: more than 5,000 numbers are refused', () => {
    const numbers = Array.from({ length: 5001 }, (_, i) => `+1303${String(2000000 + i)}`);
    expect(issuesOf({ ...usOrder(), numbers })).toEqual(['numbers too_big']);
  });

  it('R1: 5,000 numbers are accepted', () => {
    const numbers = Array.from({ length: 5000 }, (_, i) => `+1303${String(2000000 + i)}`);
    expect(issuesOf({ ...usOrder(), numbers })).toEqual([]);
  });

  it('R1: numbers that are not E.164 are refused one by one at numbers[i]', () => {
    const numbers = ['+13034561234', '303-456-1235', '+1 303 456 1236', '13034561237', '+130345612', '+4420712345'];
    expect(issuesOf({ ...usOrder(), numbers })).toEqual([
      'numbers[1] invalid_e164',
      'numbers[2] invalid_e164',
      'numbers[3] invalid_e164',
      'numbers[4] invalid_e164',
      'numbers[5] invalid_e164',
    ]);
  });

  it('R1: a duplicate is refused at its second occurrence, naming the first', () => {
    const result = validateOrderInput({ ...usOrder(), numbers: ['+13034561234', '+13034561235', '+13034561234'] }, ctx);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues).toEqual([
      { path: 'numbers[2]', code: 'duplicate_number', message: expect.stringContaining('numbers[0]') },
    ]);
  });

  it('R1: surrounding spaces are trimmed before the E.164 check', () => {
    const result = validateOrderInput({ ...usOrder(), numbers: [' +13034561234 '] }, ctx);
    expect(result.ok && result.value.numbers).toEqual(['+13034561234']);
  });
});

describe('R2: us numbers are NANP geographic numbers of the US and its territories', () => {
  it.each([
    ['NPA starting with 1', '+11034561234'],
    ['NPA second digit 9', '+13934561234'],
    ['NPA N11', '+14114561234'],
    ['NXX starting with 0', '+13030561234'],
    ['NXX starting with 1', '+13031561234'],
    ['NXX N11', '+13039111234'],
    ['555-01XX fictitious', '+13035550142'],
    ['non-geographic 900', '+19004561234'],
  ])('R2: %s is not_geographic', (_label, number) => {
    expect(issuesOf({ ...usOrder(), numbers: ['+13034561234', number] })).toEqual(['numbers[1] not_geographic']);
  });

  it('R2: a toll-free number is toll_free_in_local_order', () => {
    expect(issuesOf({ ...usOrder(), numbers: ['+18772345678'] })).toEqual(['numbers[0] toll_free_in_local_order']);
  });

  it('R2: a Canadian number is wrong_country and says to use an international order with country CA', () => {
    const result = validateOrderInput({ ...usOrder(), numbers: ['+14165551234'] }, ctx);
    expect(!result.ok && result.issues).toEqual([
      { path: 'numbers[0]', code: 'wrong_country', message: expect.stringContaining('country CA') },
    ]);
  });

  it('R2: a non-NANP number and an unassigned area code are wrong_country', () => {
    expect(issuesOf({ ...usOrder(), numbers: ['+442071234567', '+13724561234'] })).toEqual([
      'numbers[0] wrong_country',
      'numbers[1] wrong_country',
    ]);
  });

  it('R2: numbers of PR, GU, VI, MP and AS count as US; 555 outside 01XX is fine', () => {
    const numbers = ['+17872345678', '+16712345678', '+13402345678', '+16702345678', '+16842345678', '+13035551234'];
    expect(issuesOf({ ...usOrder(), numbers })).toEqual([]);
  });
});

describe('R3: tollFree', () => {
  it('R3: every number must be toll-free (800, 833, 844, 855, 866, 877, 888)', () => {
    const numbers = ['+18332345678', '+18442345678', '+18552345678', '+18662345678', '+18772345678'];
    expect(issuesOf({ ...tollFreeOrder(), numbers })).toEqual([]);
    expect(issuesOf({ ...tollFreeOrder(), numbers: ['+18002345678', '+13034561234', '+18222345678'] })).toEqual([
      'numbers[1] not_toll_free',
      'numbers[2] not_toll_free',
    ]);
  });

  it('R3: serviceType, pin and billingTelephoneNumber are refused, each at its path', () => {
    const order = tollFreeOrder();
    order.serviceType = 'wireline';
    order.account.pin = '1234';
    order.account.billingTelephoneNumber = '+13034561200';
    expect(issuesOf(order)).toEqual(['serviceType not_accepted', 'account.pin not_accepted', 'account.billingTelephoneNumber not_accepted']);
  });
});

describe('R4: international', () => {
  it('R4: country is required', () => {
    const { country: _omitted, ...order } = internationalOrder();
    expect(issuesOf(order)).toEqual(['country required']);
  });

  it.each(['US', 'PR', 'gu'])('R4: country %s (the US or a territory) is refused', (country) => {
    expect(issuesOf({ ...internationalOrder(), country })).toEqual(['country wrong_country']);
  });

  it('R4: an unknown country code is refused', () => {
    expect(issuesOf({ ...internationalOrder(), country: 'XX' })).toEqual(['country invalid_country']);
  });

  it('R4: every number must belong to the country (libphonenumber-js decides)', () => {
    const numbers = ['+442071234567', '+33612345678', '+13034561234'];
    expect(issuesOf({ ...internationalOrder(), numbers })).toEqual(['numbers[1] wrong_country', 'numbers[2] wrong_country']);
  });

  it('R4: an invalid number of a real country is invalid_e164', () => {
    expect(issuesOf({ ...internationalOrder(), numbers: ['+4420712'] })).toEqual(['numbers[0] invalid_e164']);
  });

  it('R4: Canadian +1 numbers are international with country CA', () => {
    const order = internationalOrder();
    order.country = 'CA';
    order.numbers = ['+14165551234', '+16042345678'];
    order.account.serviceAddress = { line1: '1 Bay St', city: 'Toronto', region: 'ON', postalCode: 'M5J 2N8', country: 'CA' };
    expect(issuesOf(order)).toEqual([]);
    expect(issuesOf({ ...order, numbers: ['+14165551234', '+13034561234'] })).toEqual(['numbers[1] wrong_country']);
  });

  it('R4: accountNumber is required', () => {
    const order = internationalOrder();
    delete order.account.accountNumber;
    expect(issuesOf(order)).toEqual(['account.accountNumber required']);
  });
});

describe('R5: the billing telephone number of a us order', () => {
  it('R5: it is required', () => {
    const order = usOrder();
    delete order.account.billingTelephoneNumber;
    expect(issuesOf(order)).toEqual(['account.billingTelephoneNumber required']);
  });

  it('R5: a blank BTN counts as missing', () => {
    const order = usOrder();
    order.account.billingTelephoneNumber = '   ';
    expect(issuesOf(order)).toEqual(['account.billingTelephoneNumber required']);
  });

  it.each([
    ['not E.164', '303-456-1200', 'invalid_nanp'],
    ['not NANP', '+442071234567', 'invalid_nanp'],
    ['a bad exchange', '+13031561200', 'invalid_nanp'],
    ['a +1 number of the wrong length', '+1303456120', 'invalid_e164'],
  ])('R5: a BTN that is %s is refused', (_label, btn, code) => {
    const order = usOrder();
    order.account.billingTelephoneNumber = btn;
    expect(issuesOf(order)).toEqual([`account.billingTelephoneNumber ${code}`]);
  });
});

describe('R6: wireless', () => {
  const wireless = () => {
    const order = usOrder();
    order.serviceType = 'wireless';
    order.account.pin = '4321';
    return order;
  };

  it('R6: accountNumber and pin are required', () => {
    expect(issuesOf(wireless())).toEqual([]);
    const order = wireless();
    delete order.account.accountNumber;
    delete order.account.pin;
    expect(issuesOf(order)).toEqual(['account.accountNumber required', 'account.pin required']);
  });

  it.each(['123', '12345678901', '12a4', '4 321'])('R6: pin %p is not 4–10 digits', (pin) => {
    const order = wireless();
    order.account.pin = pin;
    expect(issuesOf(order)).toEqual(['account.pin invalid_pin']);
  });

  it.each(['1234', '1234567890'])('R6: pin %p is accepted', (pin) => {
    const order = wireless();
    order.account.pin = pin;
    expect(issuesOf(order)).toEqual([]);
  });

  it('R6: on UPDATE, a PIN already on file satisfies the requirement', () => {
    const order = wireless();
    delete order.account.pin;
    expect(issuesOf(order, { ...ctx, pinOnFile: true })).toEqual([]);
  });

  it('R6: wireline needs no PIN', () => {
    const order = usOrder();
    delete order.account.accountNumber;
    expect(issuesOf(order)).toEqual([]);
  });
});

describe('R7: a new BTN when the BTN is ported and the rest kept', () => {
  const portingTheBtn = () => {
    const order = usOrder();
    order.numbers = ['+13034561200', '+13034561234'];
    return order;
  };

  it('R7: newBillingTelephoneNumber is required', () => {
    expect(issuesOf(portingTheBtn())).toEqual(['newBillingTelephoneNumber required']);
  });

  it('R7: it must differ from the BTN', () => {
    expect(issuesOf({ ...portingTheBtn(), newBillingTelephoneNumber: '+13034561200' })).toEqual(['newBillingTelephoneNumber same_as_btn']);
  });

  it('R7: it must not be among the ported numbers', () => {
    expect(issuesOf({ ...portingTheBtn(), newBillingTelephoneNumber: '+13034561234' })).toEqual(['newBillingTelephoneNumber new_btn_ported']);
  });

  it('R7: it must be a valid NANP number', () => {
    expect(issuesOf({ ...portingTheBtn(), newBillingTelephoneNumber: '+13031111111' })).toEqual(['newBillingTelephoneNumber invalid_nanp']);
  });

  it('R7: a number that stays on the account is accepted; disconnecting the rest needs none', () => {
    expect(issuesOf({ ...portingTheBtn(), newBillingTelephoneNumber: '+13034561299' })).toEqual([]);
    expect(issuesOf({ ...portingTheBtn(), remainingNumbers: 'disconnect' })).toEqual([]);
  });
});

describe('R8: account and service address', () => {
  it('R8: companyName, authorizedApprover and the address lines are required', () => {
    const order = usOrder();
    delete order.account.companyName;
    order.account.authorizedApprover = '  ';
    order.account.serviceAddress = { country: 'US' };
    expect(issuesOf(order)).toEqual([
      'account.companyName required',
      'account.authorizedApprover required',
      'account.serviceAddress.line1 required',
      'account.serviceAddress.city required',
      'account.serviceAddress.postalCode required',
    ]);
  });

  it.each(['80202', '80202-1234', '802021234'])('R8: US postal code %p is accepted', (postalCode) => {
    const order = usOrder();
    order.account.serviceAddress.postalCode = postalCode;
    expect(issuesOf(order)).toEqual([]);
  });

  it.each(['8020', '802021', '80202-12', 'ABCDE', '80202 1234'])('R8: US postal code %p is refused', (postalCode) => {
    const order = usOrder();
    order.account.serviceAddress.postalCode = postalCode;
    expect(issuesOf(order)).toEqual(['account.serviceAddress.postalCode invalid_postal_code']);
  });

  it('R8: a non-US address keeps its own postal code format', () => {
    expect(issuesOf(internationalOrder())).toEqual([]);
  });
});

describe('R9: contacts', () => {
  it('R9: at least one contact is required', () => {
    expect(issuesOf({ ...usOrder(), contacts: [] })).toEqual(['contacts required']);
  });

  it('R9: each e-mail address must be valid', () => {
    const contacts = [{ name: 'Jane Roe', email: 'jane@example.com' }, { name: 'Ops', email: 'not-an-address' }];
    expect(issuesOf({ ...usOrder(), contacts })).toEqual(['contacts[1].email invalid_format']);
  });
});

describe('R10: requestedFocDate', () => {
  it('R10: today and later business days are accepted', () => {
    expect(issuesOf({ ...usOrder(), requestedFocDate: '2026-12-01' })).toEqual([]);
    expect(issuesOf({ ...usOrder(), requestedFocDate: '2026-12-07' })).toEqual([]); // a Monday: a business day
  });

  it('R10: a date in the past is refused', () => {
    expect(issuesOf({ ...usOrder(), requestedFocDate: '2026-11-30' })).toEqual(['requestedFocDate in_past']);
  });

  it.each([
    ['a Saturday', '2026-12-12'],
    ['Christmas Day', '2026-12-25'],
    ['the observed New Year holiday 2027-12-31', '2027-12-31'],
  ])('R10: %s is not a business day', (_label, requestedFocDate) => {
    expect(issuesOf({ ...usOrder(), requestedFocDate })).toEqual(['requestedFocDate not_business_day']);
  });

  it('R10: an impossible date and a malformed one are refused', () => {
    expect(issuesOf({ ...usOrder(), requestedFocDate: '2026-02-30' })).toEqual(['requestedFocDate invalid_date']);
    expect(issuesOf({ ...usOrder(), requestedFocDate: '15/12/2026' })).toEqual(['requestedFocDate invalid_format']);
  });
});

describe('R11.1: shape', () => {
  it('R11.1: unknown fields are refused at their own path, at any depth', () => {
    const order = usOrder();
    order.priority = 'high';
    order.account.ssn = '123-45-6789';
    order.account.serviceAddress.county = 'Denver';
    expect(issuesOf(order).sort()).toEqual([
      'account.serviceAddress.county unknown_field',
      'account.ssn unknown_field',
      'priority unknown_field',
    ]);
  });

  it('R11.1: oversized strings are refused', () => {
    const order = usOrder();
    order.account.companyName = 'x'.repeat(10 * 1024 * 1024);
    order.losingCarrier = 'y'.repeat(201);
    expect(issuesOf(order)).toEqual(['losingCarrier too_big', 'account.companyName too_big']);
  });

  it('R11.1: strings are trimmed and codes upper-cased', () => {
    const order = usOrder();
    order.losingCarrier = '  Acme Telco \n';
    order.account.serviceAddress.country = ' us ';
    const result = validateOrderInput(order, ctx);
    expect(result.ok && result.value.losingCarrier).toBe('Acme Telco');
    expect(result.ok && result.value.account.serviceAddress.country).toBe('US');
  });

  it('R11.1: wrong types and non-objects are issues, never exceptions', () => {
    expect(issuesOf({ ...usOrder(), numbers: '+13034561234' })).toEqual(['numbers invalid_type']);
    expect(issuesOf({ ...usOrder(), kind: 'mobile' })).toEqual(['kind invalid_value']);
    expect(issuesOf(null)).toEqual([' invalid_type']);
    expect(issuesOf('order')).toEqual([' invalid_type']);
  });
});

describe('every rule at once', () => {
  it('R1–R10: all issues are collected, not just the first', () => {
    const order = usOrder();
    order.numbers = ['+13034561234', '+13034561234', '+18002345678'];
    delete order.account.billingTelephoneNumber;
    order.account.serviceAddress.postalCode = '802';
    order.contacts = [];
    order.requestedFocDate = '2026-12-12';
    expect(issuesOf(order)).toEqual([
      'numbers[1] duplicate_number',
      'numbers[2] toll_free_in_local_order',
      'account.billingTelephoneNumber required',
      'account.serviceAddress.postalCode invalid_postal_code',
      'contacts required',
      'requestedFocDate not_business_day',
    ]);
  });
});
