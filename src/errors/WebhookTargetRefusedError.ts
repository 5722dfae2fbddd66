import { PortflowError } from './PortflowError';

/**
 * R53: a webhook URL that points at this host, a private network or another non-public address
 * (HTTP 400 when subscribing; at delivery the attempt's outcome is `refused_target`).
 */
export class WebhookTargetRefusedError extends PortflowError {
  readonly code = 'webhook_target_refused';
  readonly httpStatus = 400;

  constructor(reason: string) {
    super(`The webhook target is refused: ${reason}`, { path: 'url' });
  }
}
