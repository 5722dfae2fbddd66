import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The `portflow` CLI as a person runs it: the package's bin (`bin/portflow.js`, what `npx portflow`
 * runs) in a child process, asynchronously (a test's in-process service must keep answering while
 * the CLI waits), with an environment of its own: a HOME and XDG_CONFIG_HOME in a temporary folder,
 * so no test reads or writes the developer's ~/.config/portflow.
 */
export const ROOT = resolve(__dirname, '../..');
export const PORTFLOW_BIN = join(ROOT, 'bin', 'portflow.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliHome {
  /** The temporary HOME (XDG_CONFIG_HOME is `<home>/.config`). */
  home: string;
  env: Record<string, string>;
  run(args: string[], options?: { env?: Record<string, string>; input?: string; cwd?: string; command?: string[] }): Promise<CliRun>;
  close(): void;
}

export function cliHome(env: Record<string, string> = {}): CliHome {
  const home = mkdtempSync(join(tmpdir(), 'portflow-cli-'));
  const baseEnv = { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: join(home, '.config'), ...env };
  return {
    home,
    env: baseEnv,
    run(args, options = {}) {
      const [command, ...prefix] = options.command ?? [process.execPath, PORTFLOW_BIN];
      const child = spawn(command, [...prefix, ...args], { cwd: options.cwd ?? home, env: { ...baseEnv, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.stdin.end(options.input ?? '');
      return new Promise((done, fail) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.once('error', fail);
        child.once('close', (code) => {
          clearTimeout(timer);
          done({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
        });
      });
    },
    close: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** Runs `tasks` at most `width` at a time (CLI processes on a shared 2-core machine). */
export async function inBatches<T>(tasks: (() => Promise<T>)[], width = 4): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]();
      }
    }),
  );
  return results;
}
