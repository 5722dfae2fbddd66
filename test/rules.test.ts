import { readFileSync } from 'node:fs';
import { RULES_DOC, renderRulesDoc, rulesIndex } from './support/rulesIndex';

/** Coverage of the spec is greppable: every rule is named by at least one test, and docs/rules.md says which. */

it('every rule of SPEC R1–R67 and R80–R81 (and R11.1, R37.1), and the sections without rule ids, is named by at least one test', () => {
  const untested = [...rulesIndex()].filter(([, tests]) => tests.length === 0).map(([rule]) => rule);
  expect(untested).toEqual([]);
});

it('docs/rules.md is up to date with the test names (run `npm run rules`)', () => {
  expect(readFileSync(RULES_DOC, 'utf8')).toBe(renderRulesDoc(rulesIndex()));
});
