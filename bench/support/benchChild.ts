import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * A child process running one of the benchmarks' own entry files (the HTTP target, the timer
 * worker), so that what is measured does not share the bench process's event loop. The child
 * prints `READY <words…>` once it serves; every later line of its stdout goes to `onLine`.
 */
export interface BenchChild {
  pid: number;
  /** The words after READY (e.g. the URLs it listens on). */
  ready: string[];
  /** Writes one line to the child's stdin. */
  send(line: string): void;
  /** SIGTERM, then waits for the child to exit (each entry file closes its connections on SIGTERM). */
  stop(): Promise<void>;
}

export async function startBenchChild(entryFile: string, env: Record<string, string>, onLine: (line: string) => void = () => undefined): Promise<BenchChild> {
  // The bench's own node flags (tsx's loader; --cpu-prof when profiling) apply to the child too.
  const child = spawn(process.execPath, [...process.execArgv, entryFile], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<string[] | null>((resolve) => {
    lines.on('line', (line) => {
      const [word, ...rest] = line.split(' ');
      if (word === 'READY') resolve(rest);
      else onLine(line);
    });
    lines.once('close', () => resolve(null));
  });
  if (ready === null) throw new Error(`bench child ${entryFile} exited before it was ready`);
  return {
    pid: child.pid!,
    ready,
    send(line) {
      child.stdin!.write(`${line}\n`);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
