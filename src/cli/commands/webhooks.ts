import type { Command } from 'commander';
import { deskAction, positiveInteger } from '../desk';
import { asJson, fields, mountainTime, table } from '../output';

interface Subscription {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
  secret?: string;
}
interface Attempt {
  deliveryId: string;
  orderId: string;
  seq: number;
  attempt: number;
  status: string;
  httpStatus?: number;
  error?: string;
  at: string;
}

const webhookPath = (id: string, rest = '') => `/v1/webhooks/${encodeURIComponent(id)}${rest}`;

/** SPEC §5.1, R63 / R67: `portflow webhooks list|create|delete|deliveries|redeliver` (ops key). */
export function registerWebhookCommands(program: Command): void {
  const webhooks = program.command('webhooks').description('webhook subscriptions and their deliveries (ops key)');

  webhooks
    .command('list')
    .description('the subscriptions (never their secrets)')
    .action(
      deskAction(async ({ api, out }) => {
        const answer = await api.request<{ items: Subscription[] }>('GET', '/v1/webhooks');
        if (out.json) return out.print(asJson(answer));
        out.print(table(['ID', 'URL', 'EVENTS', 'CREATED (MT)'], answer.items.map((s) => [s.id, s.url, s.events.join(',') || 'all', mountainTime(s.createdAt)])));
      }),
    );

  webhooks
    .command('create')
    .description('subscribe a receiver; prints the signing secret, shown only this once')
    .argument('<url>', 'the receiver (https, not a private address)')
    .option('--events <types>', 'comma list of event types (default: all), e.g. port_order.state_changed')
    .action(
      deskAction(async ({ api, out }, url: string, options: { events?: string }) => {
        const events = options.events?.split(',').map((type) => type.trim()).filter(Boolean);
        const created = await api.request<Subscription>('POST', '/v1/webhooks', { json: { url, ...(events ? { events } : {}) } });
        if (out.json) return out.print(asJson(created));
        out.print(fields([['id', created.id], ['url', created.url], ['events', created.events.join(',') || 'all'], ['secret', created.secret]]));
        out.note('keep the secret now: portflow shows it only this once');
      }),
    );

  webhooks
    .command('delete')
    .description('unsubscribe; queued deliveries are dropped')
    .argument('<webhookId>')
    .action(
      deskAction(async ({ api, out }, id: string) => {
        await api.request('DELETE', webhookPath(id));
        out.print(out.json ? asJson({ id, deleted: true }) : `${id} deleted`);
      }),
    );

  webhooks
    .command('deliveries')
    .description("a subscription's delivery attempts, newest first")
    .argument('<webhookId>')
    .option('--limit <n>', 'at most this many (default 100)', positiveInteger)
    .action(
      deskAction(async ({ api, out }, id: string, options: { limit?: number }) => {
        const answer = await api.request<{ items: Attempt[] }>('GET', webhookPath(id, '/deliveries'), { query: { limit: options.limit } });
        if (out.json) return out.print(asJson(answer));
        out.print(
          table(
            ['AT (MT)', 'DELIVERY', 'ORDER', 'SEQ', 'ATTEMPT', 'STATUS', 'HTTP', 'ERROR'],
            answer.items.map((a) => [mountainTime(a.at), a.deliveryId, a.orderId, a.seq, a.attempt, a.status, a.httpStatus, a.error]),
          ),
        );
      }),
    );

  webhooks
    .command('redeliver')
    .description('send a delivered or dead-lettered event again, as a new attempt with the same event id (R63)')
    .argument('<webhookId>')
    .argument('<deliveryId>')
    .action(
      deskAction(async ({ api, out }, id: string, deliveryId: string) => {
        const answer = await api.request<{ deliveryId: string; eventId: string; eventType: string }>('POST', webhookPath(id, `/deliveries/${encodeURIComponent(deliveryId)}/redeliver`));
        out.print(out.json ? asJson(answer) : `${answer.eventType} ${answer.eventId} queued again for ${id} as delivery ${answer.deliveryId}`);
      }),
    );
}
