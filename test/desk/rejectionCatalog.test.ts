import type { PersistedOrder } from '../../machines/runEvent';
import { renderNotice } from '../../src/mail/templates';
import { storeKeys } from '../../src/store/keys';
import { storedOutboxEntriesOf } from '../../workers/relay/OutboxRelay';
import { expectError, startApiHarness, type ApiHarness } from '../support/apiHarness';
import { usOrderInput } from '../support/orderInputs';

/** R64: the rejection catalog, REJECT's `reasonCode`, and the customer's hint in the notice and on the order. */

const specCodes = [
  'ACCOUNT_NUMBER_MISMATCH',
  'AUTHORIZED_PERSON_MISMATCH',
  'BTN_MISMATCH',
  'COMPANY_NAME_MISMATCH',
  'ADDRESS_MISMATCH',
  'POSTAL_CODE_MISMATCH',
  'PIN_INVALID',
  'NUMBER_NOT_PORTABLE',
  'NUMBER_NOT_ON_ACCOUNT',
  'PARTIAL_PORT_NEEDS_NEW_BTN',
  'FOC_DATE_REJECTED',
  'LOSING_CARRIER_UNRESPONSIVE',
  'DOCUMENT_MISSING',
  'OTHER',
];

let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness();
});

afterAll(async () => {
  await api?.close();
});

async function submittedOrder(): Promise<string> {
  const created = await api.call('POST', '/v1/port-orders', { body: usOrderInput() });
  expect(created.status).toBe(201);
  expect((await api.call('POST', `/v1/port-orders/${created.body.id}/events`, { body: { type: 'SUBMIT' } })).status).toBe(200);
  return created.body.id;
}

describe('R64 rejection catalog', () => {
  it('R64: GET /v1/rejection-codes lists every code of the spec with its fields and the customer’s words (viewer)', async () => {
    const answer = await api.call('GET', '/v1/rejection-codes', { as: 'viewer' });
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((reason: { code: string }) => reason.code)).toEqual(expect.arrayContaining(specCodes));
    for (const reason of answer.body.items) {
      expect(reason).toEqual({ code: expect.any(String), summary: expect.any(String), fields: expect.any(Array), hint: expect.any(String) });
    }
    expect(answer.body.items.find((reason: { code: string }) => reason.code === 'BTN_MISMATCH').fields).toEqual(['account.billingTelephoneNumber']);
  });

  it('R64: REJECT with a reasonCode and no fields takes the catalog’s fields, and the order view shows the hint', async () => {
    const id = await submittedOrder();
    const rejected = await api.call('POST', `/v1/port-orders/${id}/events`, {
      as: 'integration',
      body: { type: 'REJECT', reason: 'BTN does not match', code: '6P', reasonCode: 'BTN_MISMATCH' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.lastRejection).toEqual({
      reason: 'BTN does not match',
      code: '6P',
      reasonCode: 'BTN_MISMATCH',
      hint: expect.stringContaining('billing telephone number'),
      fields: ['account.billingTelephoneNumber'],
      at: expect.any(String),
    });
    expect((await api.call('GET', `/v1/port-orders/${id}`, { as: 'viewer' })).body.lastRejection.reasonCode).toBe('BTN_MISMATCH');
  });

  it('R64: fields given with the reasonCode are kept as given', async () => {
    const id = await submittedOrder();
    const rejected = await api.call('POST', `/v1/port-orders/${id}/events`, {
      body: { type: 'REJECT', reason: 'wrong address', reasonCode: 'ADDRESS_MISMATCH', fields: ['account.serviceAddress.line1'] },
    });
    expect(rejected.body.lastRejection.fields).toEqual(['account.serviceAddress.line1']);
  });

  it('R64: a reasonCode outside the catalog is 400 naming reasonCode', async () => {
    const id = await submittedOrder();
    const refused = await api.call('POST', `/v1/port-orders/${id}/events`, { body: { type: 'REJECT', reason: 'x', reasonCode: 'NOT_A_CODE' } });
    const details = expectError(refused, 400, 'validation_failed');
    expect(details.issues.map((found: { path: string }) => found.path)).toEqual(['reasonCode']);
  });

  it('R64: the rejection notice carries the catalog’s hint', async () => {
    const id = await submittedOrder();
    await api.call('POST', `/v1/port-orders/${id}/events`, { body: { type: 'REJECT', reason: 'PIN wrong', reasonCode: 'PIN_INVALID' } });
    const { redis, config } = api.harness.services;
    const entries = await redis.xrange(storeKeys(config.KEY_PREFIX).outbox(), '-', '+');
    const notice = entries
      .flatMap(([, fields]) => storedOutboxEntriesOf(fields).map(({ entry }) => entry))
      .find((entry) => entry.orderId === id && entry.effect.type === 'mail' && entry.effect.template === 'rejected');
    expect(notice).toBeDefined();
    const effect = notice!.effect as { type: 'mail'; data?: Record<string, unknown> };
    const stored = await api.harness.services.store.load(id);
    const order = (JSON.parse(stored!.snapshot) as PersistedOrder).context;
    const mail = renderNotice('rejected', order, effect.data);
    expect(mail.text).toContain('What to do: The account PIN (passcode) is not the one the losing carrier has.');
    expect(mail.text).toContain('account.pin');
  });
});
