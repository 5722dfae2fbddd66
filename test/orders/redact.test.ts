import { isSensitiveFieldName, redact, REDACTED } from '../../src/orders/pin';

describe('R12: redact', () => {
  it('R12: pin-like fields are replaced at any depth, in objects and arrays', () => {
    const payload = {
      type: 'UPDATE',
      account: { companyName: 'Example', pin: '4321', serviceAddress: { city: 'Denver' } },
      attempts: [{ passcode: '9999', nested: [{ apiToken: 't' }] }],
      webhook: { client_secret: 's', 'X-Password': 'p', PIN_CODE: '1' },
    };
    expect(redact(payload)).toEqual({
      type: 'UPDATE',
      account: { companyName: 'Example', pin: REDACTED, serviceAddress: { city: 'Denver' } },
      attempts: [{ passcode: REDACTED, nested: [{ apiToken: REDACTED }] }],
      webhook: { client_secret: REDACTED, 'X-Password': REDACTED, PIN_CODE: REDACTED },
    });
  });

  it('R12: a whole sensitive subtree is replaced, and the input is not changed', () => {
    const payload = { secrets: { a: 1 }, pinCiphertext: 'v1:…' };
    expect(redact(payload)).toEqual({ secrets: REDACTED, pinCiphertext: REDACTED });
    expect(payload).toEqual({ secrets: { a: 1 }, pinCiphertext: 'v1:…' });
  });

  it('R12: names that merely contain the letters are kept', () => {
    expect(['shipping', 'typing', 'mapping', 'spinner', 'stokenham'].filter(isSensitiveFieldName)).toEqual([]);
    expect(['pin', 'Pin', 'newPin', 'pin_code', 'passwordHash', 'secretKey', 'tokens', 'XMLToken'].every(isSensitiveFieldName)).toBe(true);
  });

  it('R12: scalars, null and non-plain objects pass through', () => {
    const when = new Date(0);
    expect(redact('4321')).toBe('4321');
    expect(redact(null)).toBeNull();
    expect(redact({ when }).when).toBe(when);
  });
});
