import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from './redis';

/**
 * The store's Lua scripts, as BullMQ lays them out: `commands/<name>-<numberOfKeys>.lua`, each
 * with a header naming its KEYS and ARGV. ioredis `defineCommand` sends them by EVALSHA and
 * reloads them after a Redis restart (NOSCRIPT), so each call is one round trip.
 */
type ScriptReply = Promise<unknown>;
export interface StoreCommands {
  commitOrder(...keysThenArgs: (string | number)[]): ScriptReply;
  addOrderRecord(...keysThenArgs: (string | number)[]): ScriptReply;
}
export type RedisWithStoreCommands = RedisClient & StoreCommands;
/** The same commands queued in a MULTI (a project's creates, R47). */
export type TransactionWithStoreCommands = ChainableCommander & {
  commitOrder(...keysThenArgs: (string | number)[]): TransactionWithStoreCommands;
};

const COMMANDS_DIR = join(__dirname, 'commands');
const SCRIPT_FILE = /^(\w+)-(\d+)\.lua$/;

interface ScriptDefinition {
  name: keyof StoreCommands;
  numberOfKeys: number;
  lua: string;
}

let definitions: ScriptDefinition[] | undefined;

function readScripts(): ScriptDefinition[] {
  definitions ??= readdirSync(COMMANDS_DIR).flatMap((file) => {
    const match = SCRIPT_FILE.exec(file);
    if (!match) return [];
    return [
      {
        name: match[1] as keyof StoreCommands,
        numberOfKeys: Number(match[2]),
        lua: readFileSync(join(COMMANDS_DIR, file), 'utf8'),
      },
    ];
  });
  return definitions;
}

/** Defines the store's commands on this connection (once; connections may be shared). */
export function withStoreCommands(redis: RedisClient): RedisWithStoreCommands {
  const target = redis as RedisWithStoreCommands;
  for (const { name, numberOfKeys, lua } of readScripts()) {
    if (typeof target[name] !== 'function') redis.defineCommand(name, { numberOfKeys, lua });
  }
  return target;
}
