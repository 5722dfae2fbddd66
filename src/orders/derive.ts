import type { OrderKind, StoredOrderInput } from './orderInput';

/** SPEC §1.4: a us order this large is a "project" (45–75 days, R22). */
const PROJECT_SIZE = 100;

export function isProject(kind: OrderKind, numbers: readonly unknown[]): boolean {
  return kind === 'us' && numbers.length >= PROJECT_SIZE;
}

/**
 * SPEC §1.4: where the carrier ports automatically, nobody has to confirm readiness. Regions match
 * the service address's `region` case-insensitively (`AUTO_PORT_REGIONS=CO,UT`).
 */
export function portTypeFor(
  input: { account: Pick<StoredOrderInput['account'], 'serviceAddress'> },
  autoPortRegions: readonly string[],
): 'auto' | 'coordinated' {
  const region = input.account.serviceAddress.region?.toUpperCase();
  return region && autoPortRegions.some((auto) => auto.toUpperCase() === region) ? 'auto' : 'coordinated';
}
