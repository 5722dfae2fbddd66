import type { Services } from '../../src/runtime/services';
import { storeKeys } from '../../src/store/keys';
import type { StoredOutboxEntry } from '../../src/store/types';
import { createOutboxDispatcher } from '../../workers/relay/dispatchOutboxEntry';
import { storedOutboxEntriesOf } from '../../workers/relay/OutboxRelay';

/** The relay's dispatcher over a harness's services, for tests that play the relays themselves. */
export function outboxDispatcher(services: Services, options: { eventsQueue: boolean } = { eventsQueue: true }) {
  const { engine, queues, redis, subscriptions, clock, config } = services;
  const viewOf = engine.views.viewOf.bind(engine.views);
  return createOutboxDispatcher({ queues, redis, prefix: config.KEY_PREFIX, clock, subscriptions, eventsQueue: options.eventsQueue, viewOf });
}

/** Every effect in the outbox stream, oldest first, as the relay reads them. */
export async function outboxEntries(services: Services): Promise<StoredOutboxEntry[]> {
  const rows = await services.redis.xrange(storeKeys(services.config.KEY_PREFIX).outbox(), '-', '+');
  return rows.flatMap(([, fields]) => storedOutboxEntriesOf(fields));
}
