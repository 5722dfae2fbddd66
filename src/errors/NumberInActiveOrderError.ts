import { PortflowError } from './PortflowError';

/** R11: the number already belongs to another order that is not final. HTTP 409, naming that order. */
export class NumberInActiveOrderError extends PortflowError {
  readonly code = 'number_in_active_order';
  readonly httpStatus = 409;

  constructor(number: string, orderId: string) {
    super(`${number} is already in order ${orderId}, which is not finished`, { number, orderId });
  }
}
