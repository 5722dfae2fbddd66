import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from './webhookEvent';

export const MAX_WEBHOOK_URL_LENGTH = 2000;

/**
 * `POST /v1/webhooks` body. Only http(s) URLs: anything else (ftp:, file:, javascript:) is no place
 * to send signed order data. `events` defaults to every type; duplicates are folded.
 */
export const subscriptionInputSchema = z.strictObject({
  url: z
    .string()
    .trim()
    .max(MAX_WEBHOOK_URL_LENGTH)
    // The host is judged by the target policy (R53, WebhookTargetPolicy), IPv6 literals included.
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' })),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES))
    .min(1)
    .max(50)
    .transform((events) => [...new Set(events)])
    .optional(),
});

export type SubscriptionInput = z.infer<typeof subscriptionInputSchema>;
