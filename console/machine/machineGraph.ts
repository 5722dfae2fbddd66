import type { OrderMachine } from '../../machines/runEvent';

/** One arrow of the diagram: every event that moves `from` to `to`. */
export interface MachineEdge {
  from: string;
  to: string;
  events: string[];
}

export interface MachineGraph {
  initial: string;
  states: { name: string; final: boolean }[];
  edges: MachineEdge[];
}

/**
 * The top-level states and state-changing transitions of an order machine, read from its XState
 * definition (never drawn by hand, so the diagram cannot drift from the machine). Transitions that
 * stay in their state (UPDATE of a draft, a refused SCHEDULE, a timer that only mails) are not arrows.
 */
export function machineGraph(machine: OrderMachine): MachineGraph {
  const root = machine.root;
  const edges = new Map<string, MachineEdge>();
  const states = Object.entries(root.states).map(([name, node]) => {
    for (const [event, transitions] of node.transitions) {
      for (const transition of transitions) {
        for (const target of transition.target ?? []) {
          if (target.key === name) continue;
          const id = `${name}->${target.key}`;
          const edge = edges.get(id) ?? { from: name, to: target.key, events: [] };
          if (!edge.events.includes(event)) edge.events.push(event);
          edges.set(id, edge);
        }
      }
    }
    return { name, final: node.type === 'final' };
  });
  const initial = typeof root.config.initial === 'string' ? root.config.initial : states[0].name;
  return { initial, states, edges: [...edges.values()] };
}
