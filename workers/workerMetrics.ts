import type { Job, Worker } from 'bullmq';
import { DomainCounters } from '../src/metrics/DomainCounters';
import { QUEUES } from '../src/queues/names';

/** A mail job's template label: the notice template, or `invite_request` / `invite_cancel`. */
function templateOf(job: Job): string {
  const data = job.data as { kind?: string; template?: string; method?: string };
  return data.kind === 'invite' ? `invite_${String(data.method).toLowerCase()}` : String(data.template ?? 'unknown');
}

/**
 * Feeds §9's domain metrics from the workers' own events, so no processor changes for them: a mail
 * job completed is a mail sent, a failed attempt is a mail failed; a timer job completed fired
 * `finishedOn − dueAt` late. With the sandbox clock due times are not wall-clock times: no lateness then.
 * Counting is best effort: a Redis hiccup loses a count, never a job.
 */
export function recordWorkerMetrics(workers: readonly Worker[], counters: DomainCounters, options: { sandbox: boolean }): void {
  const ignore = () => undefined;
  for (const worker of workers) {
    if (worker.name === QUEUES.mail) {
      worker.on('completed', (job) => void counters.mail(templateOf(job), 'sent').catch(ignore));
      worker.on('failed', (job) => job && void counters.mail(templateOf(job), 'failed').catch(ignore));
    }
    if (worker.name === QUEUES.timers && !options.sandbox) {
      worker.on('completed', (job) => {
        const dueAt = Date.parse(String((job.data as { dueAt?: string }).dueAt));
        if (Number.isFinite(dueAt)) void counters.timerLateness(((job.finishedOn ?? Date.now()) - dueAt) / 1000).catch(ignore);
      });
    }
  }
}
