import { readFileSync } from 'node:fs';

/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): where the samples fall, by function (self time)
 * and by package or project folder (inclusive of everything called from there), so the report can
 * name what dominates. With a function name, it shows instead from which project call paths that
 * function is reached. Usage: `tsx bench/profile.ts <file.cpuprofile> [top] [function]`.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/<pkg>` for dependencies, the top folder for project files, the V8 category otherwise. */
function areaOf(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const project = /\/work\/main\/([^/]+\/(?:[^/]+\/)?)/.exec(url);
  if (project) return project[1];
  return url.startsWith('node:') ? 'node core' : url ? url : '(v8/native)';
}

/** Lines of TypeScript files are those of tsx's transpiled output, not the source: only the file is shown. */
function frameOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^file:\/\/\/work\/main\//, '').replace(/^.*node_modules\//, '');
  return `${functionName || '(anonymous)'} ${file}${file.endsWith('.ts') ? '' : `:${lineNumber + 1}`}`;
}

export function summarise(profile: CpuProfile, top: number): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfMs = new Map<string, number>();
  const areaMs = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id)!;
    totalMs += ms;
    if (node.callFrame.functionName === '(idle)') return;
    selfMs.set(frameOf(node), (selfMs.get(frameOf(node)) ?? 0) + ms);
    // Inclusive per area: count each area once per sample, however deep it recurses.
    const areas = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) areas.add(areaOf(byId.get(at)!.callFrame.url));
    for (const area of areas) areaMs.set(area, (areaMs.get(area) ?? 0) + ms);
  });
  const lines = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `${((100 * ms) / totalMs).toFixed(1).padStart(5)}%  ${name}`);
  return [`total ${totalMs.toFixed(0)} ms`, '', 'self time by function:', ...lines(selfMs), '', 'inclusive time by area:', ...lines(areaMs)].join('\n');
}

/** Time inside `target` (inclusive), split by the innermost project frames (src/, machines/, workers/) above it. */
export function callersOf(profile: CpuProfile, target: string, top: number, depth = 4): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byPath = new Map<string, number>();
  let totalMs = 0;
  let targetMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    const path: string[] = [];
    let inside = false;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url } = byId.get(at)!.callFrame;
      if (functionName === target) inside = true;
      if (inside && /\/work\/main\/(src|machines|workers)\//.test(url)) path.push(`${functionName || '(anonymous)'}@${url.replace(/^.*\/work\/main\//, '')}`);
    }
    if (!inside) return;
    targetMs += ms;
    const key = path.slice(0, depth).join(' < ');
    byPath.set(key, (byPath.get(key) ?? 0) + ms);
  });
  const lines = [...byPath]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([path, ms]) => `${((100 * ms) / totalMs).toFixed(1).padStart(5)}%  ${path || '(no project frame)'}`);
  return [`${target}: ${((100 * targetMs) / totalMs).toFixed(1)}% of ${totalMs.toFixed(0)} ms`, ...lines].join('\n');
}

if (require.main === module) {
  const [file, top, target] = process.argv.slice(2);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  console.log(target ? callersOf(profile, target, Number(top ?? 15)) : summarise(profile, Number(top ?? 25)));
}
