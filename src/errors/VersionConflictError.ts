import { PortflowError } from './PortflowError';

/** R39: the order changed since the version the caller named (If-Match), or kept changing under retries. HTTP 409. */
export class VersionConflictError extends PortflowError {
  readonly code = 'version_conflict';
  readonly httpStatus = 409;

  constructor(orderId: string, expectedVersion: number, currentVersion: number) {
    super(`Order ${orderId} is at version ${currentVersion}, not ${expectedVersion}`, { orderId, expectedVersion, currentVersion });
  }
}
