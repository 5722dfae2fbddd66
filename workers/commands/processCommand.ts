import { UnrecoverableError, type Job, type Processor } from 'bullmq';
import type { Engine } from '../../src/engine/Engine';
import { PortflowError } from '../../src/errors/PortflowError';
import { redact } from '../../src/orders/pin';
import { commandJobSchema, type CommandJob } from '../../src/queues/jobs';
import { QUEUES } from '../../src/queues/names';
import { parseJob } from '../parseJob';

export interface CommandOutcome {
  orderId: string;
  state: string;
  version: number;
}

/**
 * `portflow-commands` (SPEC §4): integrations drive orders through a queue. The job's result is
 * the new state; a refused event fails the job as unrecoverable with the error code (retrying a
 * refusal cannot help). Without an idempotency key the job id serves as one, so a job that BullMQ
 * runs twice (at-least-once) transitions once.
 *
 * R12/R57: a PIN sent in a command is scrubbed from the job once the job is finished — completed,
 * or failed for good — since BullMQ keeps finished jobs for days. A job that BullMQ will retry
 * keeps it: the retry needs it.
 */
export function createCommandProcessor(deps: { engine: Engine }): Processor<CommandJob, CommandOutcome> {
  const run = async (job: Job<CommandJob>): Promise<CommandOutcome> => {
    const command = parseJob(commandJobSchema, job.data, QUEUES.commands);
    try {
      const view = await deps.engine.apply(
        command.orderId,
        command.event,
        { id: `queue:${command.actor ?? 'integration'}`, role: 'integration' },
        { idempotencyKey: command.idempotencyKey ?? `job-${job.id}`, ifMatch: command.ifMatch },
      );
      return { orderId: view.id, state: view.state, version: view.version };
    } catch (error) {
      if (error instanceof PortflowError) {
        throw new UnrecoverableError(`${error.code}: ${error.message} ${JSON.stringify(error.details)}`);
      }
      throw error;
    }
  };

  return async (job: Job<CommandJob>) => {
    let finished = true;
    try {
      return await run(job);
    } catch (error) {
      finished = error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      throw error;
    } finally {
      if (finished) await scrubSecrets(job);
    }
  };
}

/** Rewrites the job's data with every passcode-like field redacted, when it has any. */
async function scrubSecrets(job: Job<CommandJob>): Promise<void> {
  const scrubbed = redact(job.data);
  if (JSON.stringify(scrubbed) !== JSON.stringify(job.data)) await job.updateData(scrubbed);
}
