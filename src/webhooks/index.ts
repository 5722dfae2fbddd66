export { signPayload, verifySignature, SIGNATURE_HEADER } from './signature';
export { webhookKeys, type WebhookKeys } from './keys';
export { WEBHOOK_EVENT_TYPES, type WebhookEventType, type WebhookEvent, type PublishedEvent } from './webhookEvent';
export { WEBHOOK_QUEUE, deliveryJobId, type WebhookJobData } from './webhookJob';
export { subscriptionInputSchema, type SubscriptionInput } from './subscriptionInput';
export {
  SubscriptionStore,
  type WebhookSubscription,
  type CreatedSubscription,
  type DeliveryTarget,
} from './SubscriptionStore';
export { DeliveryLog, type DeliveryAttempt, type DeadLetter } from './deliveryLog';
export { PendingSeqs } from './pendingSeqs';
export { WebhookTargetPolicy } from './targetPolicy';
export { deliverOnce, DELIVERY_TIMEOUT_MS, type DeliveryRequest, type DeliveryResult } from './deliver';
export { DEFAULT_RETRY_POLICY, deliveryJobOptions, type RetryPolicy } from './retryPolicy';
export { enqueueDeskEvent, enqueueOrderEvent } from './enqueue';
export {
  createDeliveryProcessor,
  type DeliveryProcessorDeps,
  type DeliveryOutcome,
  type BlockedWait,
} from './processDelivery';
export { webhookRoutes, webhookRoutePolicy, type WebhookRoutesOptions } from './routes';
export { WebhookTools, type Redelivery, type PingResult } from './tools';
