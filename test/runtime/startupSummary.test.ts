import { loadConfig } from '../../src/config/config';
import { startupSummary } from '../../src/runtime/startupSummary';

/** SPEC §6: what `npm start` prints beside the dev key — API, console, the Redis in use, where mail goes. */

const config = (env: Record<string, string>, redisUrl?: string) => ({ ...loadConfig({ PIN_ENCRYPTION_KEY: 'a'.repeat(64), ...env }), ...(redisUrl ? { redisUrl } : {}) });

it('SPEC §6: with SMTP_URL the summary names the SMTP server without its password', () => {
  const text = startupSummary({ role: 'start', config: config({ SMTP_URL: 'smtp://desk:s3cret@mail.example.com:587' }), apiUrl: 'http://127.0.0.1:3000', configuredRedisUrl: 'redis://127.0.0.1:6379', devKey: null });
  expect(text).toContain('mail:     SMTP smtp://desk:***@mail.example.com:587');
  expect(text).not.toContain('s3cret');
  expect(text).toContain('console:  http://127.0.0.1:3000/console');
  expect(text).not.toContain('API key:');
});

it('SPEC §6: a private redis-server is named as such, with its data folder and the Redis that did not answer', () => {
  const text = startupSummary({ role: 'start', config: config({ DATA_DIR: '.data' }, 'redis://127.0.0.1:6399'), apiUrl: 'http://127.0.0.1:3000', configuredRedisUrl: 'redis://127.0.0.1:6379', devKey: 'dev_abc' });
  expect(text).toContain('Redis:    redis://127.0.0.1:6399 (a private redis-server, data in .data/redis; nothing answered at redis://127.0.0.1:6379)');
  expect(text).toContain('API key:  dev_abc  (dev ops key, kept in .data/dev-api-key)');
});

it('SPEC §6: a worker prints its Redis and mail, and no API, console or key lines', () => {
  const text = startupSummary({ role: 'worker', config: config({ SANDBOX: '1' }), apiUrl: null, configuredRedisUrl: 'redis://127.0.0.1:6379', devKey: null });
  expect(text.split('\n').map((line) => line.trim().split(':')[0])).toEqual(['portflow worker is running', 'Redis', 'mail', 'sandbox']);
});
