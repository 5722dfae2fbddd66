import { PortflowError } from '../../src/errors/PortflowError';
import { ValidationError } from '../../src/errors/ValidationError';
import { validateOrderInput } from '../../src/orders/validateOrder';
import { ctx, usOrder } from './orderFixtures';

describe('ValidationError', () => {
  it('SPEC 1.3: validation_failed, HTTP 400, carrying every issue in details', () => {
    const result = validateOrderInput({ ...usOrder(), numbers: [], contacts: [] }, ctx);
    if (result.ok) throw new Error('expected issues');
    const error = new ValidationError(result.issues);
    expect(error).toBeInstanceOf(PortflowError);
    expect(error).toMatchObject({ code: 'validation_failed', httpStatus: 400, name: 'ValidationError' });
    expect(error.issues.map((i) => i.path)).toEqual(['numbers', 'contacts']);
    expect(error.details).toEqual({ issues: error.issues });
  });
});
