/** The BullMQ queues of SPEC §4. Names are a public contract: integrations attach to them. */
export const QUEUES = {
  commands: 'portflow-commands',
  timers: 'portflow-timers',
  mail: 'portflow-mail',
  webhooks: 'portflow-webhooks',
  events: 'portflow-events',
  testCalls: 'portflow-test-calls',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * BullMQ builds its own keys from the job id with ':' separators, so custom ids use '.'.
 * Every id is deterministic: a re-added job (relay crash, reclaim) is the same job (R41).
 */
export const jobIds = {
  /** SPEC §3.6: order + timer + the state visit it belongs to. */
  timer: (orderId: string, timer: string, visit: number) => `${orderId}.${timer}.${visit}`,
  /** An outbox entry `<orderId>:<seq>:<index>` keeps its identity as a job. */
  outboxEntry: (entryId: string) => entryId.replace(/:/g, '.'),
  orderEvent: (orderId: string, seq: number) => `${orderId}.${seq}`,
};
