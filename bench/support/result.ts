import type { Spread } from './stats';

/** What a benchmark hands to the report: its figures for portflow and the baseline, and notes. */
export interface Goal {
  /** The ratio portflow/baseline must be at least (`>=`) or at most (`<=`) `value`. */
  op: '>=' | '<=';
  value: number;
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
  const ratio = ratioOf(row);
  if (!row.goal || ratio === null) return null;
  return row.goal.op === '>=' ? ratio >= row.goal.value : ratio <= row.goal.value;
}
