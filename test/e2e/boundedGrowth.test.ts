import { Worker } from 'bullmq';
import { duplicateRedis } from '../../src/store/redis';
import { storeKeys } from '../../src/store/keys';
import { QUEUES } from '../../src/queues/names';
import { startApiHarness, type ApiHarness } from '../support/apiHarness';
import { usOrderInput } from '../support/orderInputs';
import { outboxDispatcher, outboxEntries } from '../support/outbox';
import type { StoredOutboxEntry } from '../../src/store/types';

/**
 * R55: bounded growth under `noeviction` — the change feed is trimmed to FEED_RETENTION_DAYS, and
 * `portflow-events` jobs exist only when EVENTS_QUEUE=1, with /health warning about a backlog
 * nobody consumes.
 */

const apis: ApiHarness[] = [];
afterAll(async () => {
  for (const api of apis) await api.close();
});

async function start(env: Record<string, string> = {}): Promise<ApiHarness> {
  const api = await startApiHarness({ env });
  apis.push(api);
  return api;
}

async function stateChangesOf(api: ApiHarness, orderId: string): Promise<StoredOutboxEntry[]> {
  return (await outboxEntries(api.harness.services)).filter(({ entry }) => entry.orderId === orderId && entry.effect.type === 'published');
}

async function dispatchStateChanges(api: ApiHarness, eventsQueue: boolean): Promise<string> {
  const id = (await api.call('POST', '/v1/port-orders', { body: usOrderInput() })).body.id as string;
  await api.call('POST', `/v1/port-orders/${id}/events`, { body: { type: 'SUBMIT' } });
  const dispatch = outboxDispatcher(api.harness.services, { eventsQueue });
  for (const stored of await stateChangesOf(api, id)) await dispatch(stored);
  return id;
}

describe('R55: the change feed is trimmed', () => {
  it('R55: feed entries older than FEED_RETENTION_DAYS are dropped when state changes are committed', async () => {
    const api = await start({ FEED_RETENTION_DAYS: '30' });
    const redis = api.harness.services.redis;
    const feed = storeKeys(api.harness.config.KEY_PREFIX).feed();
    const day = 24 * 3600 * 1000;
    // Entries from 40 and 31 days ago (stream ids are milliseconds), and one from 29 days ago.
    for (const age of [40, 31, 29]) await redis.xadd(feed, `${Date.now() - age * day}-0`, 'entry', '{}');
    await api.call('POST', '/v1/port-orders', { body: usOrderInput() });
    const ids = (await redis.xrange(feed, '-', '+')).map(([id]) => Number(id.split('-')[0]));
    expect(ids).toHaveLength(2);
    expect(ids.every((ms) => ms > Date.now() - 30 * day)).toBe(true);
  });
});

describe('R55: portflow-events only on demand', () => {
  it('R55: without EVENTS_QUEUE=1 no portflow-events job is made, and /health does not watch the queue', async () => {
    const api = await start();
    const id = await dispatchStateChanges(api, api.harness.config.EVENTS_QUEUE);
    expect(api.harness.config.EVENTS_QUEUE).toBe(false);
    expect(await api.harness.services.queues.events.getJob(`${id}.1`)).toBeUndefined();
    expect(await api.harness.services.queues.events.count()).toBe(0);
    const health = await api.call('GET', '/health');
    expect(health.body.queues.map((queue: { name: string }) => queue.name)).not.toContain(QUEUES.events);
  });

  it('R55: with EVENTS_QUEUE=1 every state change is a job, and /health warns while they wait with no consumer', async () => {
    const api = await start({ EVENTS_QUEUE: '1' });
    const id = await dispatchStateChanges(api, api.harness.config.EVENTS_QUEUE);
    expect((await api.harness.services.queues.events.getJob(`${id}.2`))?.data.to).toBe('submitted');
    const warned = await api.call('GET', '/health');
    expect(warned.body.warnings).toContain(
      'portflow-events has 2 waiting jobs and no consumer; they stay in Redis until one comes (EVENTS_QUEUE=0 turns the queue off)',
    );

    // An integration attaches: the warning goes.
    const connection = duplicateRedis(api.harness.services.bullRedis);
    const consumer = new Worker(QUEUES.events, async () => undefined, { connection, prefix: api.harness.config.QUEUE_PREFIX });
    try {
      await consumer.waitUntilReady();
      const health = await api.call('GET', '/health');
      expect(health.body.warnings.filter((warning: string) => warning.startsWith(QUEUES.events))).toEqual([]);
    } finally {
      await consumer.close();
      connection.disconnect();
    }
  });
});
