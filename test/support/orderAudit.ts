import type { Engine } from '../../src/engine/Engine';

/**
 * What a crash must not break, read back for one order (R38, §3.6): the history is gap-free and
 * as long as the version, and no timer (name + state visit) went into a transition twice.
 */
export interface OrderAudit {
  id: string;
  state: string;
  version: number;
  /** Seqs of the history, in stored order: must be 1..version. */
  seqs: number[];
  /** `<timer>@<visit>` of every TIMER entry, in history order. */
  timersFired: string[];
}

export async function auditOrder(engine: Engine, id: string): Promise<OrderAudit> {
  const [view, history] = await Promise.all([engine.getOrder(id), engine.history(id)]);
  return {
    id,
    state: view.state,
    version: view.version,
    seqs: history.map((entry) => entry.seq),
    timersFired: history
      .filter((entry) => entry.type === 'TIMER')
      .map((entry) => {
        const payload = entry.payload as { timer: string; visit: number };
        return `${payload.timer}@${payload.visit}`;
      }),
  };
}

/** The findings of one audit; empty when the order is sound. */
export function auditProblems(audit: OrderAudit): string[] {
  const problems: string[] = [];
  const expectedSeqs = Array.from({ length: audit.version }, (_, i) => i + 1);
  if (audit.seqs.join(',') !== expectedSeqs.join(',')) problems.push(`${audit.id}: history seqs ${audit.seqs.join(',')} for version ${audit.version}`);
  const twice = audit.timersFired.filter((timer, i) => audit.timersFired.indexOf(timer) !== i);
  if (twice.length > 0) problems.push(`${audit.id}: timers fired twice: ${twice.join(', ')}`);
  return problems;
}

/** The names of the timers that fired, sorted (for comparing with a path's expected timers). */
export function firedTimerNames(audit: OrderAudit): string[] {
  return audit.timersFired.map((timer) => timer.split('@')[0]).sort();
}
