import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { goalMet, goalText, ratioOf, type BenchResult, type Row } from './result';
import type { Spread } from './stats';

/**
 * The benchmark report: one markdown table (printed, and written into docs/performance.md between
 * markers so the hand-written analysis around it stays), and every raw figure in results.json.
 */
export const RESULTS_START = '<!-- bench:results:start (written by npm run bench) -->';
export const RESULTS_END = '<!-- bench:results:end -->';

export interface Machine {
  nproc: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  redis: string;
  redisServer: string;
}

export function describeMachine(redisVersion: string, redisServer: string): Machine {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    redis: redisVersion,
    redisServer,
  };
}

function number(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(Math.abs(value) >= 10 ? 1 : 2);
}

function figure(spread: Spread | null): string {
  if (!spread) return '–';
  if (spread.runs.length === 1) return number(spread.median);
  return `${number(spread.median)} (${number(spread.min)}–${number(spread.max)})`;
}

function goalCell(row: Row): string {
  if (!row.goal) return '';
  const met = goalMet(row);
  return `${goalText(row.goal)}: ${met === null ? '?' : met ? 'met' : '**missed**'}`;
}

export function resultsTable(results: BenchResult[]): string {
  const lines = [
    '| benchmark | figure | unit | portflow median (min–max) | baseline median (min–max) | ratio | goal |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const result of results) {
    for (const row of result.rows) {
      const ratio = ratioOf(row);
      const baseline = row.baselineLabel ? `${figure(row.baseline)} [${row.baselineLabel}]` : figure(row.baseline);
      lines.push(`| ${result.id} | ${row.figure} | ${row.unit} | ${figure(row.portflow)} | ${baseline} | ${ratio === null ? '' : ratio.toFixed(2)} | ${goalCell(row)} |`);
    }
  }
  return lines.join('\n');
}

export function resultsSection(results: BenchResult[], machine: Machine, runs: string, totalSeconds: number, when: string): string {
  const details = results.flatMap((result) => [
    `**${result.title}** — baseline: ${result.baseline}. (${Math.round(result.seconds)} s)`,
    '',
    ...result.notes.map((note) => `- ${note}`),
    '',
  ]);
  return [
    RESULTS_START,
    `Last run: ${when}, ${Math.round(totalSeconds)} s in all, ${runs} (median, min–max).`,
    `Machine: nproc ${machine.nproc}, ${machine.cpu}, ${machine.memoryGiB} GiB RAM, node ${machine.node}, redis-server ${machine.redis} (${machine.redisServer}).`,
    '',
    resultsTable(results),
    '',
    ...details,
    RESULTS_END,
  ].join('\n');
}

/** Replaces the generated section of the document (or appends it), keeping everything else. */
export function updateDocument(path: string, section: string): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Performance\n';
  const start = current.indexOf(RESULTS_START);
  const end = current.indexOf(RESULTS_END);
  const next = start >= 0 && end > start ? current.slice(0, start) + section + current.slice(end + RESULTS_END.length) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
}

export function writeResults(path: string, content: { machine: Machine; when: string; totalSeconds: number; results: BenchResult[] }): void {
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
}
