import { ConfigError, DEFAULT_LEAD_TIMES, loadConfig } from '../../src/config/config';

/** SPEC §6: configuration is read from the environment and validated in one place. */

it('SPEC §6: an empty environment gives the embedded development defaults', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({
    PORT: 3000,
    redisUrl: 'redis://127.0.0.1:6379',
    redisUrlGiven: false,
    KEY_PREFIX: 'portflow',
    QUEUE_PREFIX: 'bull',
    SLOT_CAPACITY: 4,
    AUTO_PORT_REGIONS: [],
    SANDBOX: false,
    TEST_CALL_PROVIDER: 'manual',
    REDIS_EVICTION_POLICY_CHECK: 'refuse',
  });
  expect(config.API_KEYS).toBeUndefined();
  expect(config.INTERNATIONAL_LEAD_TIMES).toEqual(DEFAULT_LEAD_TIMES);
});

it('SPEC §5: API_KEYS is "role:token,…" with the three roles', () => {
  const config = loadConfig({ API_KEYS: 'ops:ops-token-0123456789, viewer:viewer-token-0123456789' });
  expect(config.API_KEYS).toEqual([
    { role: 'ops', token: 'ops-token-0123456789' },
    { role: 'viewer', token: 'viewer-token-0123456789' },
  ]);
});

it.each([
  ['SLOT_CAPACITY', 'lots'],
  ['PORT', '70000'],
  ['API_KEYS', 'admin:token-0123456789abcdef'],
  ['API_KEYS', 'ops:short'],
  ['PIN_ENCRYPTION_KEY', 'not-hex'],
  ['EXTRA_CLOSED_DAYS', '2026-12-24,Christmas Eve'],
  ['INTERNATIONAL_LEAD_TIMES', '{"GB":{"typicalDays":"soon"}}'],
  ['SANDBOX', 'maybe'],
  ['REDIS_URL', 'not a url'],
])('SPEC §6: a bad %s (%s) stops the start with one line naming the variable', (variable, value) => {
  let error: unknown;
  try {
    loadConfig({ [variable]: value });
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const message = (error as ConfigError).message;
  expect(message.startsWith(`config: ${variable}: `)).toBe(true);
  expect(message).not.toContain('\n');
});

it('R24: the international lead-time table can be replaced in configuration', () => {
  const config = loadConfig({ INTERNATIONAL_LEAD_TIMES: '{"NZ":{"typicalDays":10,"maxDays":20}}' });
  expect(config.INTERNATIONAL_LEAD_TIMES).toEqual({ NZ: { typicalDays: 10, maxDays: 20 } });
});
