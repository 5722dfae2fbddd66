/**
 * Redis refused or broke off a commit script (connection lost, script error, unexpected reply).
 * Every check runs before the first write, so an error raised by the script itself wrote nothing;
 * after a lost connection the caller cannot know and must reload before retrying.
 */
export class CommitFailedError extends Error {
  readonly code = 'store_commit_failed';
  constructor(readonly orderId: string, detail: string, options?: { cause?: unknown }) {
    super(`store: commit of order ${orderId} failed: ${detail}`, options);
    this.name = 'CommitFailedError';
  }
}
