import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The map from each SPEC rule to the tests that prove it (docs/rules.md), built from the test
 * names themselves, so it cannot drift from the suite. `npm run rules` rewrites the document;
 * `test/rules.test.ts` fails when a rule has no test or the document is stale.
 */

/** The SPEC's rule ids (it has no R46, R48, R49). R82 is measured by `npm run bench` (bench/scaleOut.ts), not tested. */
export const RULES: string[] = [
  ...Array.from({ length: 67 }, (_, i) => `R${i + 1}`).filter((rule) => !['R46', 'R48', 'R49'].includes(rule)),
  ...['R80', 'R81'],
  'R11.1',
  'R37.1',
].sort(compareRules);

/** Sections whose behaviour has no rule id of its own; their tests cite the section. */
export const SECTIONS = ['§1.4', '§3.6', '§4', '§5', '§5.1', '§5.2', '§6'];

const ROOT = join(__dirname, '..', '..');
const TEST_DIR = join(ROOT, 'test');
export const RULES_DOC = join(ROOT, 'docs', 'rules.md');

function compareRules(a: string, b: string): number {
  const [am, an = '0'] = a.slice(1).split('.');
  const [bm, bn = '0'] = b.slice(1).split('.');
  return Number(am) - Number(bm) || Number(an) - Number(bn);
}

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    // The rules test names every rule in its own title: it proves none of them.
    return /\.(test|drill)\.ts$/.test(name) && name !== 'rules.test.ts' ? [path] : [];
  });
}

/**
 * A test or describe title, as written — `it('R15: Mondays are blocked', …)` — or the `name` of a
 * row in a table-driven test (`it.each(cases)('$name', …)`).
 */
const TITLE = /(?:\b(?:it|test|describe)(?:\.each\([^)]*\))?\(\s*|\bname:\s*)(['`"])((?:(?!\1).)*)\1/g;
const RULE_ID = /\bR(\d+(?:\.\d+)?)\b/g;
const SECTION_ID = /§(\d+(?:\.\d+)?)(?![\d.]*\d)/g;

export interface RuleTest {
  file: string;
  title: string;
}

export function rulesIndex(): Map<string, RuleTest[]> {
  const index = new Map<string, RuleTest[]>([...RULES, ...SECTIONS].map((rule) => [rule, []]));
  for (const path of testFiles(TEST_DIR)) {
    const source = readFileSync(path, 'utf8');
    for (const [, , title] of source.matchAll(TITLE)) {
      for (const [, id] of title.matchAll(RULE_ID)) index.get(`R${id}`)?.push({ file: relative(ROOT, path), title });
      for (const [, id] of title.matchAll(SECTION_ID)) index.get(`§${id}`)?.push({ file: relative(ROOT, path), title });
    }
  }
  return index;
}

export function renderRulesDoc(index: Map<string, RuleTest[]>): string {
  const lines = [
    '# Rules and the tests that prove them',
    '',
    'Generated from the test names by `npm run rules` (do not edit by hand); `test/rules.test.ts` fails when a',
    'rule of `../shared/SPEC.md` has no test or this page is stale. Drills (`*.drill.ts`) run with `npm run test:faults`.',
    'After the rules come the spec sections whose behaviour has no rule id of its own (durable timers §3.6, queues §4,',
    'the HTTP API §5, webhooks §5.1, the sandbox clock §5.2, running it §6).',
    '',
  ];
  for (const [rule, tests] of index) {
    lines.push(`## ${rule}`, '');
    for (const test of tests) lines.push(`- \`${test.file}\` — ${test.title.replace(/\|/g, '\\|')}`);
    if (tests.length === 0) lines.push('- (no test yet)');
    lines.push('');
  }
  return lines.join('\n');
}

if (require.main === module) {
  writeFileSync(RULES_DOC, renderRulesDoc(rulesIndex()));
  process.stdout.write(`wrote ${relative(ROOT, RULES_DOC)}\n`);
}
