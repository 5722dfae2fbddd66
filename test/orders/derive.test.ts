import { isProject, portTypeFor } from '../../src/orders/derive';
import { newOrderId, newProjectId } from '../../src/orders/ids';

const at = (region: string | null) => ({
  account: { serviceAddress: { line1: '1 Main St', line2: null, city: 'Denver', region, postalCode: '80202', country: 'US' } },
});

describe('derived fields (SPEC 1.4)', () => {
  it('R22: a us order of 100 numbers or more is a project; 99 is not; other kinds never are', () => {
    expect(isProject('us', new Array(100))).toBe(true);
    expect(isProject('us', new Array(99))).toBe(false);
    expect(isProject('tollFree', new Array(500))).toBe(false);
    expect(isProject('international', new Array(500))).toBe(false);
  });

  it('SPEC 1.4: portType is auto only for a service region in AUTO_PORT_REGIONS (case-insensitive)', () => {
    expect(portTypeFor(at('CO'), ['co', 'UT'])).toBe('auto');
    expect(portTypeFor(at('NM'), ['CO', 'UT'])).toBe('coordinated');
    expect(portTypeFor(at(null), ['CO'])).toBe('coordinated');
    expect(portTypeFor(at('CO'), [])).toBe('coordinated');
  });

  it('ids: po_ and pp_ followed by a ULID, unique per call', () => {
    const ulid = /^[0-9A-HJKMNP-TV-Z]{26}$/;
    const id = newOrderId();
    expect(id.slice(0, 3)).toBe('po_');
    expect(id.slice(3)).toMatch(ulid);
    expect(newProjectId()).toMatch(/^pp_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(new Set(Array.from({ length: 1000 }, newOrderId)).size).toBe(1000);
  });
});
