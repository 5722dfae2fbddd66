import { createHash } from 'node:crypto';
import { idempotentRequest } from '../../src/engine/systems/idempotency';
import type { Actor } from '../../src/engine/types';
import { storeKeys } from '../../src/store/keys';

/** The Actor the API makes of a bearer token (R54: idempotency records belong to the API key). */
export function apiActorOf(token: string): Actor {
  return { id: 'api', key: createHash('sha256').update(token, 'utf8').digest('hex') };
}

/** The Redis key of the idempotency record of `actor`'s `idempotencyKey` (whatever request it stands for). */
export function idempotencyRecordKey(prefix: string, actor: Actor, idempotencyKey: string): string {
  return storeKeys(prefix).idempotency(idempotentRequest(actor, idempotencyKey, 'event', '', null)!.recordKey);
}
