/** Typed mail failures with stable codes, so the mail worker can tell a retry from a give-up. */

export type MailErrorCode = 'mail_invalid_address' | 'mail_missing_message_id' | 'mail_send_failed';

export class MailError extends Error {
  constructor(
    readonly code: MailErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MailError';
  }
}

/**
 * The transport did not take the message. `permanent` is true for an SMTP 5xx answer (the server
 * will refuse it again: the worker should stop retrying); a 4xx answer or a network error is
 * worth retrying.
 */
export class MailSendError extends MailError {
  readonly responseCode: number | null;
  readonly permanent: boolean;

  constructor(messageId: string, cause: unknown) {
    const responseCode = smtpResponseCode(cause);
    super('mail_send_failed', `sending ${messageId} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MailSendError';
    this.responseCode = responseCode;
    this.permanent = responseCode !== null && responseCode >= 500;
  }
}

function smtpResponseCode(error: unknown): number | null {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' ? code : null;
}
