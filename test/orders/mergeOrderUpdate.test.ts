import { ValidationError } from '../../src/errors/ValidationError';
import type { StoredOrderInput } from '../../src/orders/orderInput';
import { PinCipher } from '../../src/orders/pin';
import { mergeOrderUpdate, validateOrderInput } from '../../src/orders/validateOrder';
import { ctx, FIXTURE_ORDER_ID, seal, usOrder } from './orderFixtures';

const cipher = new PinCipher([{ id: 'test', key: Buffer.alloc(32, 7) }]);

/** A stored wireless order with PIN 4321 sealed, as the engine keeps it. */
function storedWirelessOrder(): StoredOrderInput {
  const raw = usOrder();
  raw.serviceType = 'wireless';
  raw.account.pin = '4321';
  const result = validateOrderInput(raw, ctx);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return seal(result.value, cipher);
}

/** The engine's UPDATE path: merge, re-validate whole (a PIN on file counts for R6), seal. */
function applyUpdate(current: StoredOrderInput, update: unknown): { order?: StoredOrderInput; issues?: string[] } {
  const pinOnFile = current.account.pinCiphertext;
  const result = validateOrderInput(mergeOrderUpdate(current, update), { ...ctx, pinOnFile: pinOnFile !== null });
  return result.ok ? { order: seal(result.value, cipher, pinOnFile) } : { issues: result.issues.map((i) => `${i.path} ${i.code}`) };
}

describe('mergeOrderUpdate (UPDATE, SPEC 3.1)', () => {
  it('UPDATE: account, serviceAddress and documents merge field by field; other fields are replaced', () => {
    const current = storedWirelessOrder();
    const { order } = applyUpdate(current, {
      losingCarrier: 'Other Telco',
      numbers: ['+13034561299'],
      account: { companyName: 'Renamed LLC', serviceAddress: { line2: 'Suite 5' } },
      documents: { loaSigned: false },
    });
    expect(order).toBeDefined();
    expect(order!.losingCarrier).toBe('Other Telco');
    expect(order!.numbers).toEqual(['+13034561299']);
    expect(order!.account.companyName).toBe('Renamed LLC');
    expect(order!.account.authorizedApprover).toBe('Jane Roe');
    expect(order!.account.serviceAddress).toEqual({ ...current.account.serviceAddress, line2: 'Suite 5' });
    expect(order!.documents).toEqual({ ...current.documents, loaSigned: false });
    expect(order!.contacts).toEqual(current.contacts);
  });

  it('R12: the merged input never carries the stored ciphertext', () => {
    const merged = mergeOrderUpdate(storedWirelessOrder(), { losingCarrier: 'Other Telco' });
    expect(JSON.stringify(merged)).not.toContain('v1:');
  });

  it('R12/R6: an UPDATE without a PIN (absent, null or blank) keeps the PIN on file', () => {
    const current = storedWirelessOrder();
    for (const account of [{ accountNumber: '999' }, { pin: null }, { pin: '  ' }]) {
      expect(applyUpdate(current, { account }).order?.account.pinCiphertext).toBe(current.account.pinCiphertext);
    }
  });

  it('R12: an UPDATE with a PIN replaces it, and R6 checks the new one', () => {
    const current = storedWirelessOrder();
    const { order } = applyUpdate(current, { account: { pin: '98765' } });
    expect(cipher.decrypt(order!.account.pinCiphertext!, FIXTURE_ORDER_ID)).toBe('98765');
    expect(applyUpdate(current, { account: { pin: '12' } })).toEqual({ issues: ['account.pin invalid_pin'] });
  });

  it('R6: without a PIN on file, a wireless UPDATE still needs one', () => {
    const current = { ...storedWirelessOrder() };
    current.account = { ...current.account, pinCiphertext: null };
    expect(applyUpdate(current, { losingCarrier: 'Other Telco' })).toEqual({ issues: ['account.pin required'] });
  });

  it('UPDATE: the merged order is re-validated whole (R1–R10 apply)', () => {
    expect(applyUpdate(storedWirelessOrder(), { numbers: ['+18002345678'] })).toEqual({
      issues: ['numbers[0] toll_free_in_local_order'],
    });
  });

  it('R11.1: an UPDATE with unknown fields (kind included) throws ValidationError naming each', () => {
    const attempt = () => mergeOrderUpdate(storedWirelessOrder(), { kind: 'tollFree', account: { pinCiphertext: 'x' } });
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => `${i.path} ${i.code}`).sort()).toEqual([
        'account.pinCiphertext unknown_field',
        'kind unknown_field',
      ]);
    }
  });
});
