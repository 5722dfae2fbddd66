import { verifySignature } from '../../src/webhooks/signature';
import { deliveryJobId } from '../../src/webhooks/webhookJob';
import { eventually, FAST_RETRY, startReceiver, webhookFixture, type Receiver, type WebhookFixture } from './webhookFixture';

let fx: WebhookFixture;
let receiver: Receiver | undefined;

beforeEach(() => {
  fx = webhookFixture('delivery');
});

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  await fx.cleanup();
});

const seqOf = (body: string): number => (JSON.parse(body) as { seq: number }).seq;

describe('webhook deliveries (SPEC §5.1)', () => {
  it('§5.1: the receiver verifies Portflow-Signature with the secret from creation; the body is the event', async () => {
    receiver = await startReceiver();
    const { id, secret } = await fx.subscriptions.create({ url: receiver.url });
    fx.startWorker();

    expect(await fx.enqueue('po_sig', 3)).toBe(1);
    const [request] = await eventually(async () => (receiver!.requests.length > 0 ? receiver!.requests : undefined));

    const header = String(request.headers['portflow-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect(verifySignature(secret, header, request.body, 300, nowSeconds)).toBe(true);
    expect(verifySignature('0'.repeat(64), header, request.body, 300, nowSeconds)).toBe(false);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['portflow-delivery']).toBe(deliveryJobId(id, 'po_sig', 3));
    expect(JSON.parse(request.body)).toEqual({
      id: 'evt_po_sig_3',
      type: 'port_order.state_changed',
      seq: 3,
      occurredAt: '2026-12-01T16:00:00.000Z',
      event: 'CONFIRM_FOC',
      from: 'submitted',
      to: 'focConfirmed',
      order: { id: 'po_sig', kind: 'us', state: 'focConfirmed', version: 4, numbers: [] },
    });
  });

  it('§5.1: a receiver that fails three times then succeeds gets the event once, each attempt logged', async () => {
    receiver = await startReceiver((_r, n, res) => res.writeHead(n < 3 ? 500 : 200).end());
    const { id } = await fx.subscriptions.create({ url: receiver.url });
    fx.startWorker();

    await fx.enqueue('po_retry', 1);
    const attempts = await eventually(async () => {
      const log = await fx.log.attempts(id, 100);
      return log.some((a) => a.status === 'delivered') ? log : undefined;
    });
    // Settle: nothing more may arrive after the success.
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(receiver.requests).toHaveLength(4);
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1);
    expect(attempts.map((a) => [a.attempt, a.status, a.httpStatus])).toEqual([
      [4, 'delivered', 200],
      [3, 'failed', 500],
      [2, 'failed', 500],
      [1, 'failed', 500],
    ]);
  });

  it('§5.1: two state changes of one order are delivered in seq order even when the first fails twice', async () => {
    receiver = await startReceiver((r, n, res) => res.writeHead(seqOf(r.body) === 1 && n < 2 ? 503 : 200).end());
    const { id } = await fx.subscriptions.create({ url: receiver.url });
    // A slower first retry gives the seq 2 job every chance to overtake if ordering were not enforced.
    fx.startWorker({ blockedWait: { minMs: 10, maxMs: 20 } });

    await fx.enqueue('po_order', 1, { ...FAST_RETRY, backoffDelayMs: 150 });
    await fx.enqueue('po_order', 2);
    await eventually(async () => ((await fx.log.attempts(id, 100)).filter((a) => a.status === 'delivered').length === 2 ? true : undefined));

    expect(receiver.requests.map((r) => seqOf(r.body))).toEqual([1, 1, 1, 2]);
    expect(await fx.redis.exists(`${fx.prefix}:webhooks:${id}:pending:po_order`)).toBe(0);
  });

  it('§5.1: a receiver slower than the timeout is a failure', async () => {
    receiver = await startReceiver((_r, _n, res) => setTimeout(() => res.writeHead(200).end(), 1000));
    const { id } = await fx.subscriptions.create({ url: receiver.url });
    fx.startWorker({ timeoutMs: 200 });

    await fx.enqueue('po_slow', 1, { ...FAST_RETRY, attempts: 2 });
    const attempts = await eventually(async () => {
      const log = await fx.log.attempts(id, 100);
      return log.length === 2 ? log : undefined;
    });

    expect(attempts.map((a) => [a.attempt, a.status, a.error])).toEqual([
      [2, 'dead', 'timeout'],
      [1, 'failed', 'timeout'],
    ]);
  });

  it('§5.1: a 302 is a failure and is not followed; after the last attempt the event is dead-lettered, and later seqs flow', async () => {
    receiver = await startReceiver((r, _n, res) =>
      r.path.endsWith('/portflow') && seqOf(r.body) === 1
        ? res.writeHead(302, { location: '/elsewhere' }).end()
        : res.writeHead(200).end(),
    );
    const { id } = await fx.subscriptions.create({ url: receiver.url });
    fx.startWorker({ blockedWait: { minMs: 10, maxMs: 20 } });

    await fx.enqueue('po_redirect', 1, { ...FAST_RETRY, attempts: 3 });
    await fx.enqueue('po_redirect', 2);
    const attempts = await eventually(async () => {
      const log = await fx.log.attempts(id, 100);
      return log.some((a) => a.status === 'delivered') ? log : undefined;
    });

    expect(receiver.requests.map((r) => r.path)).not.toContain('/elsewhere');
    expect(attempts.map((a) => [a.seq, a.attempt, a.status, a.httpStatus])).toEqual([
      [2, 1, 'delivered', 200],
      [1, 3, 'dead', 302],
      [1, 2, 'failed', 302],
      [1, 1, 'failed', 302],
    ]);
    const [deadLetter] = await fx.log.deadLetters(id, 10);
    expect(deadLetter).toMatchObject({ deliveryId: deliveryJobId(id, 'po_redirect', 1), attempts: 3, lastError: 'http_302' });
    expect(deadLetter.event.seq).toBe(1);
    expect(await fx.queue.getJobState(deliveryJobId(id, 'po_redirect', 1))).toBe('failed');
  });

  it('§5.1: an unreachable receiver is a failure with the network error logged', async () => {
    receiver = await startReceiver();
    const { url } = receiver;
    await receiver.close();
    receiver = undefined;
    const { id } = await fx.subscriptions.create({ url });
    fx.startWorker();

    await fx.enqueue('po_down', 1, { ...FAST_RETRY, attempts: 1 });
    const [attempt] = await eventually(async () => {
      const log = await fx.log.attempts(id, 100);
      return log.length > 0 ? log : undefined;
    });

    expect(attempt).toMatchObject({ status: 'dead', error: 'connect_failed' });
  });

  it('R41: enqueueing the same state change twice makes one job and one pending seq', async () => {
    receiver = await startReceiver();
    const { id } = await fx.subscriptions.create({ url: receiver.url });

    await fx.enqueue('po_twice', 5);
    await fx.enqueue('po_twice', 5);

    expect(await fx.queue.getJobCounts('wait', 'delayed', 'active')).toEqual({ wait: 1, delayed: 0, active: 0 });
    expect(await fx.redis.zrange(`${fx.prefix}:webhooks:${id}:pending:po_twice`, '0', '-1')).toEqual(['5']);
  });

  it('§5.1: a state change with no subscriptions enqueues nothing; a deleted subscription completes its jobs as skipped', async () => {
    expect(await fx.enqueue('po_none', 1)).toBe(0);

    receiver = await startReceiver();
    const { id } = await fx.subscriptions.create({ url: receiver.url });
    await fx.enqueue('po_deleted', 1);
    await fx.subscriptions.delete(id);
    fx.startWorker();

    const job = await fx.queue.getJob(deliveryJobId(id, 'po_deleted', 1));
    const state = await eventually(async () => ((await job!.getState()) === 'completed' ? 'completed' : undefined));
    expect(state).toBe('completed');
    expect((await fx.queue.getJob(job!.id!))!.returnvalue).toEqual({ status: 'skipped', reason: 'subscription_deleted' });
    expect(receiver.requests).toHaveLength(0);
    expect(await fx.redis.exists(`${fx.prefix}:webhooks:${id}:pending:po_deleted`)).toBe(0);
  });

  it('§5.1: a pending seq whose job was removed by hand does not hold its order back for ever', async () => {
    receiver = await startReceiver();
    const { id } = await fx.subscriptions.create({ url: receiver.url });
    await fx.enqueue('po_orphan', 1);
    await fx.queue.remove(deliveryJobId(id, 'po_orphan', 1));
    await fx.enqueue('po_orphan', 2);
    fx.startWorker({ blockedWait: { minMs: 5, maxMs: 10 } });

    await eventually(async () => (receiver!.requests.length > 0 ? true : undefined));
    expect(receiver.requests.map((r) => seqOf(r.body))).toEqual([2]);
  });
});
