import type { Spread } from './stats';

/** What a benchmark hands to the report: its figures for portflow and the baseline, and notes. */
export interface Goal {
  /** The figure must be at least (`>=`), at most (`<=`) or below (`<`) `value`. */
  op: '>=' | '<=' | '<';
  value: number;
  /** What is compared: the ratio portflow/baseline (default) or portflow's own median. */
  of?: 'ratio' | 'portflow';
}

export interface Row {
  figure: string;
  unit: string;
  portflow: Spread;
  baseline: Spread | null;
  /** What the baseline column is, when it is not the benchmark's own baseline. */
  baselineLabel?: string;
  goal?: Goal;
}

export interface BenchResult {
  id: string;
  title: string;
  baseline: string;
  rows: Row[];
  notes: string[];
  seconds: number;
}

export function ratioOf(row: Row): number | null {
  return row.baseline ? row.portflow.median / row.baseline.median : null;
}

export function goalMet(row: Row): boolean | null {
  if (!row.goal) return null;
  const figure = row.goal.of === 'portflow' ? row.portflow.median : ratioOf(row);
  if (figure === null) return null;
  switch (row.goal.op) {
    case '>=':
      return figure >= row.goal.value;
    case '<=':
      return figure <= row.goal.value;
    case '<':
      return figure < row.goal.value;
  }
}

export function goalText(goal: Goal): string {
  const sign = { '>=': '≥', '<=': '≤', '<': '<' }[goal.op];
  return `${goal.of === 'portflow' ? '' : 'ratio '}${sign} ${goal.value}`;
}
