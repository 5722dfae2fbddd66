/**
 * Every Redis key of the webhook module, all under `<prefix>:webhooks:`. Nothing else builds these strings.
 * A multi-key command never spans two of them, so the module runs on Redis Cluster with any prefix (R42).
 */
export interface WebhookKeys {
  /** Hash: subscription id → stored subscription (JSON, with its secret). */
  subscriptions: string;
  /** List, newest first: delivery attempts of one subscription. */
  deliveries(subscriptionId: string): string;
  /** List, newest first: events that exhausted their attempts. */
  deadLetters(subscriptionId: string): string;
  /** Sorted set of the seqs of one order not yet delivered (nor dead) to one subscription. */
  pendingSeqs(subscriptionId: string, orderId: string): string;
}

export function webhookKeys(prefix: string): WebhookKeys {
  const base = `${prefix}:webhooks`;
  return {
    subscriptions: `${base}:subscriptions`,
    deliveries: (subscriptionId) => `${base}:${subscriptionId}:deliveries`,
    deadLetters: (subscriptionId) => `${base}:${subscriptionId}:dead`,
    pendingSeqs: (subscriptionId, orderId) => `${base}:${subscriptionId}:pending:${orderId}`,
  };
}
