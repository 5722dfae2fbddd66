import { PortflowError } from './PortflowError';

/** The order, project or subscription does not exist: HTTP 404. */
export class NotFoundError extends PortflowError {
  readonly code = 'not_found';
  readonly httpStatus = 404;

  constructor(resource: string, id: string) {
    super(`No ${resource} ${id}`, { resource, id });
  }
}
