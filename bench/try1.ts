import { createHarness } from '../test/support/harness';
import { startPrivateRedis } from './support/redisServer';
import { engineBench } from './engine';
(async () => {
  const redis = await startPrivateRedis();
  const harness = createHarness({ env: { REDIS_URL: redis.url } });
  try {
    const t = Date.now();
    const r = await engineBench(harness, Number(process.argv[2] ?? 1000), 1);
    console.log(JSON.stringify(r, null, 1), (Date.now() - t) / 1000);
  } finally { await harness.close(); await redis.stop(); }
})();
