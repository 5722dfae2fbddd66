import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../store/redis';
import { ulid } from 'ulid';
import type { Clock } from '../clock/clock';
import { ValidationError } from '../errors/ValidationError';
import { WebhookTargetRefusedError } from '../errors/WebhookTargetRefusedError';
import { fromZodIssues } from '../orders/issues';
import type { WebhookKeys } from './keys';
import { subscriptionInputSchema } from './subscriptionInput';
import { WebhookTargetPolicy } from './targetPolicy';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhookEvent';

/** A subscription as the API shows it after creation: never with its secret. */
export interface WebhookSubscription {
  id: string;
  url: string;
  events: WebhookEventType[];
  createdAt: string;
}

/** What `create` returns: the only time the signing secret leaves portflow. */
export type CreatedSubscription = WebhookSubscription & { secret: string };

/** What a delivery needs. */
export interface DeliveryTarget {
  url: string;
  secret: string;
}

/** `events: null` = every type, those added later included (R44 added `port_order.updated`). */
type StoredSubscription = Omit<CreatedSubscription, 'events'> & { events: WebhookEventType[] | null };

const SUBSCRIPTION_ID = /^wh_[0-9A-HJKMNP-TV-Z]{26}$/;

function publicView({ id, url, events, createdAt }: StoredSubscription): WebhookSubscription {
  return { id, url, events: events ?? [...WEBHOOK_EVENT_TYPES], createdAt };
}

/** Webhook subscriptions in one Redis hash (id → JSON). There are few of them; reads are one HGET/HGETALL. */
export class SubscriptionStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: WebhookKeys,
    private readonly clock: Clock,
    /** R53: where webhooks may go; the delivery worker checks each connection against the same policy. */
    readonly targets: WebhookTargetPolicy = new WebhookTargetPolicy(),
  ) {}

  /**
   * Validates `{url, events?}` (throws ValidationError, or WebhookTargetRefusedError for a target R53
   * refuses) and stores a new subscription with a fresh secret. The URL is kept as the WHATWG parser
   * normalizes it (`http://2130706433/` would be stored as `http://127.0.0.1/`, had it been allowed).
   */
  async create(input: unknown): Promise<CreatedSubscription> {
    const parsed = subscriptionInputSchema.safeParse(input, { reportInput: true });
    if (!parsed.success) throw new ValidationError(fromZodIssues(parsed.error.issues));
    const url = new URL(parsed.data.url);
    const refusal = await this.targets.refusalOf(url);
    if (refusal !== null) throw new WebhookTargetRefusedError(refusal);
    const subscription: StoredSubscription = {
      id: `wh_${ulid()}`,
      url: url.href,
      events: parsed.data.events ?? null,
      secret: randomBytes(32).toString('hex'),
      createdAt: this.clock.now().toJSDate().toISOString(),
    };
    await this.redis.hset(this.keys.subscriptions, subscription.id, JSON.stringify(subscription));
    return { ...publicView(subscription), secret: subscription.secret };
  }

  /** Oldest first (ids are ULIDs, so they sort by creation). */
  async list(): Promise<WebhookSubscription[]> {
    return (await this.readAll()).map(publicView);
  }

  async get(id: string): Promise<WebhookSubscription | null> {
    const stored = await this.read(id);
    return stored && publicView(stored);
  }

  async deliveryTarget(id: string): Promise<DeliveryTarget | null> {
    const stored = await this.read(id);
    return stored && { url: stored.url, secret: stored.secret };
  }

  /** True when it existed. Jobs already queued for it complete as skipped. */
  async delete(id: string): Promise<boolean> {
    if (!SUBSCRIPTION_ID.test(id)) return false;
    return (await this.redis.hdel(this.keys.subscriptions, id)) === 1;
  }

  async matching(eventType: WebhookEventType): Promise<WebhookSubscription[]> {
    return (await this.readAll()).filter((s) => s.events === null || s.events.includes(eventType)).map(publicView);
  }

  private async read(id: string): Promise<StoredSubscription | null> {
    // An id of another shape cannot exist: answer without a round trip.
    if (!SUBSCRIPTION_ID.test(id)) return null;
    const raw = await this.redis.hget(this.keys.subscriptions, id);
    return raw === null ? null : (JSON.parse(raw) as StoredSubscription);
  }

  private async readAll(): Promise<StoredSubscription[]> {
    const all = await this.redis.hgetall(this.keys.subscriptions);
    return Object.keys(all)
      .sort()
      .map((id) => JSON.parse(all[id]) as StoredSubscription);
  }
}
