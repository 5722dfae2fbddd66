import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { checkRedisTopology, DEFAULT_REDIS_URL, redisEnvShape, redisTopologyOf, type RedisTopology } from './redisTopology';

/**
 * The whole configuration of portflow, read from the environment in one place.
 * Every variable is validated here; a bad value stops the start with one line naming it
 * (see `ConfigError`). Defaults are the embedded development defaults of SPEC §6.
 */

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

const commaList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s.length > 0));

const role = z.enum(['viewer', 'ops', 'integration']);
export type Role = z.infer<typeof role>;

const apiKeys = z.string().transform((value, ctx) => {
  const keys: { role: Role; token: string }[] = [];
  for (const pair of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const sep = pair.indexOf(':');
    const parsedRole = role.safeParse(pair.slice(0, sep));
    const token = pair.slice(sep + 1);
    if (sep < 1 || !parsedRole.success || token.length < 16) {
      ctx.addIssue({ code: 'custom', message: 'expected "role:token,…" with roles viewer|ops|integration and tokens of 16+ characters' });
      return z.NEVER;
    }
    keys.push({ role: parsedRole.data, token });
  }
  return keys;
});

/** R57: `id:hex,id:hex` — PIN keys, the first sealing; ids name the key inside each blob. */
const pinKeys = z.string().transform((value, ctx) => {
  const keys: { id: string; hex: string }[] = [];
  for (const pair of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [id, hex, ...rest] = pair.split(':');
    if (rest.length > 0 || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || !/^[0-9a-fA-F]{64}$/.test(hex ?? '') || keys.some((key) => key.id === id)) {
      ctx.addIssue({ code: 'custom', message: 'expected "id:hex,id:hex" with distinct ids of 1-32 letters, digits, _ or - and 64-hex-character keys' });
      return z.NEVER;
    }
    keys.push({ id, hex });
  }
  if (keys.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'expected at least one "id:hex" key' });
    return z.NEVER;
  }
  return keys;
});

/** Lead time of an international port, in business days (R24, SPEC §7). */
const leadTime = z.object({ typicalDays: z.number().int().positive(), maxDays: z.number().int().positive() });
export type LeadTime = z.infer<typeof leadTime>;

export const DEFAULT_LEAD_TIMES: Record<string, LeadTime> = {
  GB: { typicalDays: 15, maxDays: 25 },
  CA: { typicalDays: 15, maxDays: 20 },
  DE: { typicalDays: 45, maxDays: 45 },
  FR: { typicalDays: 8, maxDays: 15 },
  AU: { typicalDays: 10, maxDays: 30 },
  MX: { typicalDays: 30, maxDays: 30 },
};

const leadTimeTable = z
  .string()
  .transform((v, ctx) => {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected JSON like {"GB":{"typicalDays":15,"maxDays":25}}' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().regex(/^[A-Z]{2}$/), leadTime));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  ...redisEnvShape,
  KEY_PREFIX: z.string().min(1).max(64).default('portflow'),
  QUEUE_PREFIX: z.string().min(1).max(64).default('bull'),
  REDIS_EVICTION_POLICY_CHECK: z.enum(['refuse', 'warn']).default('refuse'),
  API_KEYS: apiKeys.optional(),
  PIN_ENCRYPTION_KEYS: pinKeys.optional(),
  /** The single-key form, kept working: the key `default` (src/orders/pinKeys.ts). */
  PIN_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'expected 64 hex characters (a 256-bit key)')
    .optional(),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default('portflow <portflow@localhost>'),
  OPS_EMAIL: z.string().email().default('porting-ops@localhost'),
  AUTO_PORT_REGIONS: commaList.default([]),
  EXTRA_CLOSED_DAYS: commaList.pipe(z.array(isoDate)).default([]),
  SLOT_CAPACITY: z.coerce.number().int().min(1).max(1000).default(4),
  PORT_WINDOW_MINUTES: z.coerce.number().int().min(15).max(480).default(30),
  INTERNATIONAL_LEAD_TIMES: leadTimeTable.optional(),
  DEFAULT_INTERNATIONAL_LEAD_DAYS: z.coerce.number().int().positive().default(15),
  TEST_CALL_PROVIDER: z.enum(['manual', 'simulated']).default('manual'),
  /** Numbers whose simulated test calls fail (sandbox rehearsals of R37's failure path). */
  SIMULATED_TEST_CALL_FAILURES: commaList.default([]),
  SANDBOX: booleanFlag.default(false),
  DATA_DIR: z.string().default('.data'),
  /** R61: SUBMIT (R25) needs the uploaded files (LOA, bill copy), not only the documents.* flags. */
  REQUIRE_DOCUMENT_FILES: booleanFlag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** An outbox entry held this long by a relay that stopped answering is taken over by another (R41). */
  OUTBOX_RECLAIM_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  /** BullMQ lock of an active job; a worker killed mid-job has its jobs retried once the lock lapses. */
  JOB_LOCK_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  /** R55: the change feed (`GET /v1/events`) keeps this many days of entries. */
  FEED_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** R55: `1` publishes one `portflow-events` job per accepted event; off by default (no consumer, no pile-up). */
  EVENTS_QUEUE: booleanFlag.default(false),
  /** R53: address ranges webhooks may reach although they are not public (a receiver on this host: 127.0.0.0/8). */
  WEBHOOK_ALLOWED_CIDRS: commaList
    .pipe(z.array(z.string().refine((cidr) => ipaddr.isValidCIDR(cidr), 'expected CIDR ranges like 127.0.0.0/8,10.1.0.0/16')))
    .default([]),
  /** R51: writes (POST/DELETE of write and admin routes) per API key and minute; 0 turns the limit off. */
  RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(6000),
  /** R51: headers and body must arrive within this long (408 otherwise). */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(30_000),
  /** SPEC §5: `/docs` and `/openapi.json` are open (they hold no data); `0` puts them behind a key. */
  DOCS_PUBLIC: booleanFlag.default(true),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Omit<Env, 'INTERNATIONAL_LEAD_TIMES'> {
  INTERNATIONAL_LEAD_TIMES: Record<string, LeadTime>;
  /** R80: the Redis topology every connection is opened on (`createRedis`). */
  redis: RedisTopology;
  /** The single Redis's URL (REDIS_URL or the local default); `redisUrlGiven` tells whether it came from the environment. */
  redisUrl: string;
  redisUrlGiven: boolean;
}

export class ConfigError extends Error {
  readonly code = 'config_invalid';
  constructor(readonly variable: string, detail: string) {
    super(`config: ${variable}: ${detail}`);
  }
}

/** Reads and validates the configuration; throws `ConfigError` naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.superRefine(checkRedisTopology).safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const parsed = result.data;
  return {
    ...parsed,
    INTERNATIONAL_LEAD_TIMES: parsed.INTERNATIONAL_LEAD_TIMES ?? DEFAULT_LEAD_TIMES,
    redis: redisTopologyOf(parsed),
    redisUrl: parsed.REDIS_URL ?? DEFAULT_REDIS_URL,
    redisUrlGiven: parsed.REDIS_URL !== undefined,
  };
}
