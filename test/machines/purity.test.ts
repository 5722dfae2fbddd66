import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** SPEC §3: machines are pure. A source scan of every file under machines/. */
const root = join(__dirname, '../../machines');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const sources = sourcesUnder(root).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

describe('machines are pure', () => {
  it('the scan sees the machine files', () => {
    const names = sources.map((s) => s.path.slice(root.length + 1));
    expect(names).toEqual(expect.arrayContaining(['us.ts', 'tollFree.ts', 'international.ts', 'runEvent.ts']));
  });

  it.each([
    ['node:* modules', /from\s+['"]node:/],
    ['Node built-ins by bare name', /from\s+['"](fs|path|crypto|os|child_process|net|http|https|timers)['"]/],
    ['ioredis', /from\s+['"]ioredis['"]/],
    ['bullmq', /from\s+['"]bullmq['"]/],
    ['Date.now()', /Date\.now\s*\(/],
    ['new Date() without an argument', /new Date\(\s*\)/],
    ['Math.random()', /Math\.random\s*\(/],
    ["Luxon's clock (DateTime.now/local/utc())", /DateTime\.(now|local|utc)\s*\(\s*\)/],
    ['timers (setTimeout/setInterval)', /\bset(Timeout|Interval|Immediate)\s*\(/],
    ['XState delays, history states or child actors', /\bafter\s*:|type:\s*['"]history['"]|\binvoke\s*:|\bspawn(Child)?\s*\(/],
  ])('no machine file uses %s', (_what, pattern) => {
    expect(sources.filter((s) => pattern.test(s.text)).map((s) => s.path)).toEqual([]);
  });
});
