import type { AnyStateMachine } from 'xstate';
import type { OrderMachine } from '../../machines/runEvent';
import type { HistoryEntry } from '../../src/store/types';

/**
 * Reads a stored history against the machine definition that wrote it: every entry must be a move
 * the machine allows — `states[from].on[type]` has a transition that targets `to`, or a targetless
 * one when `to` is `from` — and the entries must chain (each starts where the previous one ended).
 * The history is what the engine committed, so this catches a commit that bypassed the machine or
 * interleaved two writers (R38, R39), independently of the engine's own code.
 */
export function historyTransitionProblems(machine: OrderMachine, orderId: string, history: HistoryEntry[]): string[] {
  const problems: string[] = [];
  const states = (machine as AnyStateMachine).states;
  history.forEach((entry, index) => {
    const where = `${orderId} seq ${entry.seq} ${entry.type} ${entry.from ?? '∅'}→${entry.to}`;
    if (index === 0) {
      if (entry.type !== 'CREATE' || entry.from !== null || entry.to !== (machine as AnyStateMachine).config.initial) problems.push(`${where}: not a creation`);
      return;
    }
    if (entry.from !== history[index - 1].to) problems.push(`${where}: previous entry ended in ${history[index - 1].to}`);
    const transitions = entry.from === null ? undefined : states[entry.from]?.on[entry.type];
    const allowed = (transitions ?? []).some((transition) =>
      transition.target ? transition.target.some((node) => node.key === entry.to) : entry.to === entry.from,
    );
    if (!allowed) problems.push(`${where}: the machine has no such transition`);
  });
  return problems;
}
