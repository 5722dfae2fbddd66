import { SettableClock } from '../../src/clock/clock';
import { storeKeys } from '../../src/store/keys';
import { expectError, issuePaths, startApiHarness, type ApiAnswer, type ApiHarness } from '../support/apiHarness';
import { storeFootprint } from '../support/storeFootprint';
import { freshNumber, tollFreeOrderInput, usOrderInput, wirelessOrderInput } from '../support/orderInputs';

/**
 * SPEC §1.3 through the API: one refusal per rule, each a 400 validation_failed naming the field
 * path, and nothing written; R11.1 unknown fields and sizes; R12 the PIN never comes back out.
 * Today is Tuesday 2026-12-01 in Denver.
 */

let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness({ clock: new SettableClock('2026-12-01T16:00:00Z') });
});
afterAll(async () => {
  await api?.close();
});

/** Sends a request that must be refused and proves it wrote nothing; returns the answer. */
async function refused(method: string, path: string, body: unknown): Promise<ApiAnswer> {
  const before = await storeFootprint(api.harness);
  const answer = await api.call(method, path, { as: 'integration', body });
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(await storeFootprint(api.harness)).toEqual(before);
  return answer;
}

const refusedCreate = (input: unknown) => refused('POST', '/v1/port-orders', input);

function internationalOrderInput(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    kind: 'international',
    country: 'GB',
    numbers: ['+442071838750'],
    losingCarrier: 'British Telecom',
    account: {
      companyName: 'Example Dental Ltd',
      authorizedApprover: 'Jane Roe',
      accountNumber: 'GB-778812',
      serviceAddress: { line1: '10 Downing St', line2: null, city: 'London', region: null, postalCode: 'SW1A 2AA', country: 'GB' },
    },
    contacts: [{ name: 'Jane Roe', email: 'jane@example.com' }],
    ...overrides,
  };
}

function withAccount(input: Record<string, any>, account: Record<string, unknown>): Record<string, any> {
  return { ...input, account: { ...input.account, ...account } };
}

describe('SPEC §1.3: one refusal per rule, naming the field path', () => {
  it('the fixtures are valid: a US, a toll-free and an international order are created', async () => {
    for (const input of [usOrderInput(), tollFreeOrderInput(), internationalOrderInput()]) {
      const created = await api.call('POST', '/v1/port-orders', { body: input });
      expect([created.status, created.body?.error ?? null]).toEqual([201, null]);
    }
  });

  it.each<[string, () => Record<string, unknown>, string[]]>([
    ['R1: numbers must not be empty', () => usOrderInput({ numbers: [] }), ['numbers']],
    ['R1: numbers are E.164', () => usOrderInput({ numbers: [freshNumber(), '3034561234'] }), ['numbers[1]']],
    ['R1: no duplicate numbers', () => { const number = freshNumber(); return usOrderInput({ numbers: [number, number] }); }, ['numbers[1]']],
    ['R1: at most 5,000 numbers', () => usOrderInput({ numbers: Array.from({ length: 5001 }, (_, i) => `+1303555${String(i).padStart(4, '0')}`) }), ['numbers']],
    ['R2: no toll-free number in a us order', () => usOrderInput({ numbers: ['+18005550123'] }), ['numbers[0]']],
    ['R2: no N11 exchange', () => usOrderInput({ numbers: [freshNumber(), '+13034111234'] }), ['numbers[1]']],
    ['R3: a toll-free order takes no serviceType', () => tollFreeOrderInput({ serviceType: 'wireline' }), ['serviceType']],
    ['R3: a toll-free order takes only toll-free numbers', () => tollFreeOrderInput({ numbers: [freshNumber()] }), ['numbers[0]']],
    ['R4: an international order names its country', () => { const { country: _c, ...input } = internationalOrderInput(); return input; }, ['country']],
    ['R4: an international country is not the US', () => internationalOrderInput({ country: 'US', numbers: [freshNumber()] }), ['country']],
    ['R4: every number belongs to the country', () => internationalOrderInput({ country: 'FR' }), ['numbers[0]']],
    ['R4: an international order needs its account number', () => withAccount(internationalOrderInput(), { accountNumber: null }), ['account.accountNumber']],
    ['R5: a us order needs its BTN', () => withAccount(usOrderInput(), { billingTelephoneNumber: null }), ['account.billingTelephoneNumber']],
    ['R5: the BTN is a valid NANP number', () => withAccount(usOrderInput(), { billingTelephoneNumber: '+1303411' }), ['account.billingTelephoneNumber']],
    ['R6: wireless needs the PIN', () => usOrderInput({ serviceType: 'wireless' }), ['account.pin']],
    ['R6: the PIN is 4–10 digits', () => wirelessOrderInput('12a4'), ['account.pin']],
    [
      'R7: porting the BTN while keeping the rest needs a new BTN',
      () => { const input = usOrderInput(); return usOrderInput({ numbers: [input.account.billingTelephoneNumber, freshNumber()] }); },
      ['newBillingTelephoneNumber'],
    ],
    ['R8: companyName is required', () => withAccount(usOrderInput(), { companyName: '   ' }), ['account.companyName']],
    [
      'R8: a US postal code is 5 or 9 digits',
      () => withAccount(usOrderInput(), { serviceAddress: { ...usOrderInput().account.serviceAddress, postalCode: '8020' } }),
      ['account.serviceAddress.postalCode'],
    ],
    ['R9: at least one contact', () => usOrderInput({ contacts: [] }), ['contacts']],
    ['R9: contacts have valid e-mail addresses', () => usOrderInput({ contacts: [{ name: 'Jane', email: 'jane@' }] }), ['contacts[0].email']],
    ['R10: the requested FOC date is not in the past', () => usOrderInput({ requestedFocDate: '2026-11-30' }), ['requestedFocDate']],
    ['R10: the requested FOC date is a business day', () => usOrderInput({ requestedFocDate: '2026-12-25' }), ['requestedFocDate']],
    ['R11.1: unknown fields are refused, not dropped', () => usOrderInput({ priority: 'high' }), ['priority']],
    ['R11.1: unknown nested fields are refused', () => withAccount(usOrderInput(), { ssn: '000-00-0000' }), ['account.ssn']],
    ['R11.1: strings are bounded', () => withAccount(usOrderInput(), { companyName: 'x'.repeat(201) }), ['account.companyName']],
  ])('%s', async (_rule, input, paths) => {
    expect(issuePaths(await refusedCreate(input()))).toEqual(paths);
  });

  it('R11.1: a 10 MB company name is 413 payload_too_large, not parsed', async () => {
    expectError(await refusedCreate(withAccount(usOrderInput(), { companyName: 'x'.repeat(10 * 1024 * 1024) })), 413, 'payload_too_large');
  });

  it('R11.1: strings are trimmed', async () => {
    const number = freshNumber();
    const created = await api.call('POST', '/v1/port-orders', {
      body: withAccount(usOrderInput({ numbers: [` ${number} `], customerReference: '  PO-7  ' }), { companyName: '  Example Dental LLC \t' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ numbers: [{ number }], customerReference: 'PO-7', account: { companyName: 'Example Dental LLC' } });
  });

  it('§1.3: UPDATE is validated whole like a create, and a refused UPDATE changes nothing', async () => {
    const { id } = (await api.call('POST', '/v1/port-orders', { body: usOrderInput() })).body;
    const events = `/v1/port-orders/${id}/events`;
    expect(issuePaths(await refused('POST', events, { type: 'UPDATE', numbers: [] }))).toEqual(['numbers']);
    expect(issuePaths(await refused('POST', events, { type: 'UPDATE', serviceType: 'wireless' }))).toEqual(['account.pin']);
    expect(issuePaths(await refused('POST', events, { type: 'UPDATE', account: { serviceAddress: { zip: '80202' } } }))).toEqual(['account.serviceAddress.zip']);
    expect(issuePaths(await refused('POST', events, { type: 'UPDATE', kind: 'tollFree' }))).toEqual(['kind']);
    expect((await api.call('GET', `/v1/port-orders/${id}`)).body.version).toBe(1);
  });

  it('§3.1: event payloads are validated too (unknown fields, missing fields)', async () => {
    const { id } = (await api.call('POST', '/v1/port-orders', { body: usOrderInput() })).body;
    const events = `/v1/port-orders/${id}/events`;
    expect(issuePaths(await refused('POST', events, { type: 'SUBMIT', force: true }))).toEqual(['force']);
    expect(issuePaths(await refused('POST', events, { type: 'CANCEL' }))).toEqual(['reason']);
    expect(issuePaths(await refused('POST', events, { type: 'TIMER', timer: 'windowOpen', visit: 1 }))).toEqual(['type']);
  });
});

describe('R12: the PIN is write-only', () => {
  const PIN = '8642097531';
  const NEW_PIN = '97531864';

  it('R12: no answer, history entry, change-feed entry or outbox payload ever carries the PIN', async () => {
    const created = await api.call('POST', '/v1/port-orders', { body: wirelessOrderInput(PIN) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body.account.pinOnFile).toBe(true);
    const updated = await api.call('POST', `/v1/port-orders/${id}/events`, { body: { type: 'UPDATE', account: { pin: NEW_PIN } } });
    expect([updated.status, updated.body.account.pinOnFile]).toEqual([200, true]);
    const submitted = await api.call('POST', `/v1/port-orders/${id}/events`, { body: { type: 'SUBMIT' } });
    expect(submitted.status).toBe(200);

    const history = await api.call('GET', `/v1/port-orders/${id}/history`, { as: 'viewer' });
    expect(history.body.items.map((entry: { type: string }) => entry.type)).toEqual(['CREATE', 'UPDATE', 'SUBMIT']);
    // R55: the CREATE entry is a summary; the UPDATE entry says the PIN changed, nothing more.
    expect(history.body.items[0].payload).toEqual({ kind: 'us', numberCount: 2 });
    expect(history.body.items[1].payload.changed['account.pin']).toBe('[redacted]');

    const keys = storeKeys(api.harness.config.KEY_PREFIX);
    const outbox = await api.harness.services.redis.xrange(keys.outbox(), '-', '+');
    const everything = JSON.stringify([
      created.body,
      updated.body,
      submitted.body,
      (await api.call('GET', `/v1/port-orders/${id}`, { as: 'viewer' })).body,
      (await api.call('GET', '/v1/port-orders?limit=200', { as: 'viewer' })).body,
      history.body,
      (await api.call('GET', '/v1/events?limit=200', { as: 'viewer' })).body,
      outbox,
    ]);
    expect(everything).toContain(id);
    expect(everything).not.toContain(PIN);
    expect(everything).not.toContain(NEW_PIN);
  });

  it('R12: a refused create with a PIN does not echo it in the error', async () => {
    const answer = await refusedCreate(wirelessOrderInput(`${PIN}99`));
    expect(issuePaths(answer)).toEqual(['account.pin']);
    expect(JSON.stringify(answer.body)).not.toContain(PIN);
  });
});
