import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { escapeHtml } from '../html';
import { stateWords } from '../format';
import type { MachineGraph } from './machineGraph';

/** Where ELK put the states and arrows; it depends on the machine only, so it is computed once per kind. */
export interface MachineLayout {
  width: number;
  height: number;
  nodes: { name: string; final: boolean; x: number; y: number; width: number; height: number }[];
  edges: { events: string[]; points: { x: number; y: number }[]; label: { x: number; y: number; width: number } | null }[];
}

const NODE_HEIGHT = 40;
const CHAR_WIDTH = 7.2; // 12 px system sans-serif, measured on the node font
const LABEL_CHAR_WIDTH = 6.2; // 11 px

const elk = new ELK();

/** A layered layout, left to right, orthogonal arrows (elkjs: the Eclipse Layout Kernel). */
export async function layoutMachine(graph: MachineGraph): Promise<MachineLayout> {
  const children: ElkNode[] = graph.states.map((state) => ({
    id: state.name,
    width: Math.max(96, stateWords(state.name).length * CHAR_WIDTH + 28),
    height: NODE_HEIGHT,
  }));
  const edges: ElkExtendedEdge[] = graph.edges.map((edge, i) => {
    const text = edge.events.join(', ');
    return { id: `e${i}`, sources: [edge.from], targets: [edge.to], labels: [{ text, width: text.length * LABEL_CHAR_WIDTH + 6, height: 14 }] };
  });
  const graphIn: ElkNode = {
    id: 'machine',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '56',
      'elk.spacing.nodeNode': '28',
      'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      // The definition lists states in the order an order lives them: keep that order left to right.
      'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
    },
    children,
    edges,
  };
  const laidOut: ElkNode = await elk.layout(graphIn);
  const finals = new Set(graph.states.filter((state) => state.final).map((state) => state.name));
  return {
    width: Math.ceil(laidOut.width ?? 0),
    height: Math.ceil(laidOut.height ?? 0),
    nodes: (laidOut.children ?? []).map((node) => ({
      name: node.id,
      final: finals.has(node.id),
      x: node.x ?? 0,
      y: node.y ?? 0,
      width: node.width ?? 0,
      height: node.height ?? 0,
    })),
    edges: ((laidOut.edges ?? []) as ElkExtendedEdge[]).map((edge, i) => {
      const section = edge.sections?.[0];
      const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
      const label = edge.labels?.[0];
      return {
        events: graph.edges[i].events,
        points,
        label: label && label.x !== undefined && label.y !== undefined ? { x: label.x, y: label.y, width: label.width ?? 0 } : null,
      };
    }),
  };
}

export interface DiagramMarks {
  current: string;
  /** Names of the timers armed now (they belong to the current state's visit). */
  armedTimers: string[];
}

/** The diagram as inline SVG: the current state filled, final states double-bordered, the armed timers on the current state. */
export function renderMachineSvg(layout: MachineLayout, marks: DiagramMarks, title: string): string {
  const e = escapeHtml;
  const arrows = layout.edges.map((edge) => {
    const path = edge.points.map((point, i) => `${i === 0 ? 'M' : 'L'}${point.x.toFixed(1)},${point.y.toFixed(1)}`).join(' ');
    const text = edge.events.join(', ');
    const label = edge.label
      ? `<rect class="edge-label-bg" x="${edge.label.x - 2}" y="${edge.label.y - 1}" width="${edge.label.width + 4}" height="15" rx="3"/><text class="edge-label" x="${edge.label.x + 1}" y="${edge.label.y + 10.5}">${e(text)}</text>`
      : '';
    return `<g class="edge"><path d="${path}" marker-end="url(#arrow)"/>${label}</g>`;
  });
  const nodes = layout.nodes.map((node) => {
    const current = node.name === marks.current;
    const classes = ['state', current ? 'current' : '', node.final ? 'final' : ''].filter(Boolean).join(' ');
    const inner = node.final ? `<rect class="inner" x="${node.x + 3}" y="${node.y + 3}" width="${node.width - 6}" height="${node.height - 6}" rx="6"/>` : '';
    const timers =
      current && marks.armedTimers.length > 0
        ? `<g class="timer-badge"><circle cx="${node.x + node.width}" cy="${node.y}" r="10"/><text x="${node.x + node.width}" y="${node.y + 4}" text-anchor="middle">${marks.armedTimers.length}</text><title>Armed timers: ${e(marks.armedTimers.join(', '))}</title></g>`
        : '';
    return `<g class="${classes}"><rect x="${node.x}" y="${node.y}" width="${node.width}" height="${node.height}" rx="8"/>${inner}<text x="${node.x + node.width / 2}" y="${node.y + node.height / 2 + 4}" text-anchor="middle" class="name">${e(stateWords(node.name))}</text>${timers}</g>`;
  });
  return `<svg class="machine" role="img" aria-labelledby="machine-title" viewBox="0 0 ${layout.width + 12} ${layout.height + 12}" width="${layout.width + 12}" height="${layout.height + 12}" xmlns="http://www.w3.org/2000/svg">
<title id="machine-title">${e(title)}</title>
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>
${arrows.join('\n')}
${nodes.join('\n')}
</svg>`;
}
