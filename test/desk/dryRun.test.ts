import { startApiHarness, type ApiHarness } from '../support/apiHarness';
import { usOrderInput } from '../support/orderInputs';
import { startPrivateRedis, type PrivateRedis } from '../support/privateRedis';
import { Redis } from 'ioredis';

/**
 * R65: `POST /v1/port-orders/validate` runs the create checks and the SUBMIT checklist and writes
 * nothing. It runs on a redis-server of its own so that the database's key count is this test's alone.
 */

let redis: PrivateRedis;
let api: ApiHarness;
let counter: Redis;

beforeAll(async () => {
  redis = await startPrivateRedis();
  api = await startApiHarness({ env: { REDIS_URL: redis.url } });
  counter = new Redis(redis.url);
});

afterAll(async () => {
  counter?.disconnect();
  await api?.close();
  await redis?.destroy();
});

describe('POST /v1/port-orders/validate', () => {
  it('R65: a valid order answers valid with its derived kind, project, port type and SLA', async () => {
    const answer = await api.call('POST', '/v1/port-orders/validate', { as: 'viewer', body: usOrderInput() });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      valid: true,
      issues: [],
      derived: {
        kind: 'us',
        project: false,
        portType: 'coordinated',
        sla: {
          responseDueBy: expect.objectContaining({ at: expect.any(String), localDate: expect.any(String) }),
          completionTargetBy: expect.objectContaining({ localDate: expect.any(String) }),
          completionLatestBy: expect.anything(),
        },
      },
    });
  });

  it('R65: create issues (R1–R10) and the SUBMIT checklist (R25) are listed together, each saying what it blocks', async () => {
    const input = usOrderInput({ documents: { csrRequested: false, billCopyOnFile: false, loaSigned: true } });
    input.account.billingTelephoneNumber = '+1555';
    const answer = await api.call('POST', '/v1/port-orders/validate', { body: input });
    expect(answer.status).toBe(200);
    expect(answer.body.valid).toBe(false);
    expect(answer.body.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'account.billingTelephoneNumber', blocks: 'create' }),
        expect.objectContaining({ path: 'documents.csrRequested', code: 'submission_incomplete', blocks: 'submit' }),
        expect.objectContaining({ path: 'documents.billCopyOnFile', code: 'submission_incomplete', blocks: 'submit' }),
      ]),
    );
    expect(answer.body.derived).toMatchObject({ kind: 'us' });
  });

  it('R65: a number held by an active order is an R11 issue naming that order', async () => {
    const first = await api.call('POST', '/v1/port-orders', { body: usOrderInput() });
    expect(first.status).toBe(201);
    const answer = await api.call('POST', '/v1/port-orders/validate', { body: usOrderInput({ numbers: [first.body.numbers[1].number] }) });
    expect(answer.body.issues).toEqual([
      { path: 'numbers[0]', code: 'number_in_active_order', message: expect.stringContaining(first.body.id), blocks: 'create' },
    ]);
  });

  it('R65: an input without an order shape answers its issues and no derived fields', async () => {
    const answer = await api.call('POST', '/v1/port-orders/validate', { as: 'integration', body: { kind: 'us', numbers: 'not a list' } });
    expect(answer.status).toBe(200);
    expect(answer.body.valid).toBe(false);
    expect(answer.body.derived).toBeNull();
    expect(answer.body.issues.map((found: { path: string }) => found.path)).toEqual(expect.arrayContaining(['numbers', 'account']));
  });

  it('R65: the dry run writes nothing: the key count of the Redis database is unchanged', async () => {
    await api.call('POST', '/v1/port-orders', { body: usOrderInput() });
    const before = await counter.dbsize();
    for (const body of [usOrderInput(), usOrderInput({ numbers: [] }), { nonsense: true }]) {
      expect((await api.call('POST', '/v1/port-orders/validate', { body, headers: { 'idempotency-key': 'dry-run-1' } })).status).toBe(200);
    }
    expect(await counter.dbsize()).toBe(before);
  });
});
