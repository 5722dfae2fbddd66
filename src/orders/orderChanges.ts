import type { StoredOrderInput } from './orderInput';
import { redact } from './pin';

/**
 * R55: what an UPDATE changed, for its history entry — not the whole order, which for a
 * 5,000-number port is ~70 KB per entry. Keyed by dotted field path:
 * - a changed field: `{ from, to }` (an array other than `numbers`, e.g. `contacts`, as a whole);
 * - `numbers`: `{ added, removed }`, the only list that can be long;
 * - a new PIN: `"account.pin": "[redacted]"` (R12: that it changed, never a value).
 * Fields that did not change are absent; an UPDATE that changed nothing records `{}`.
 */
export type OrderChanges = Record<string, unknown>;

export function orderChanges(before: StoredOrderInput, after: StoredOrderInput): OrderChanges {
  const changes: OrderChanges = {};
  const { numbers: numbersBefore, ...restBefore } = before;
  const { numbers: numbersAfter, ...restAfter } = after;
  const [had, has] = [new Set(numbersBefore), new Set(numbersAfter)];
  const added = numbersAfter.filter((number) => !had.has(number));
  const removed = numbersBefore.filter((number) => !has.has(number));
  if (added.length > 0 || removed.length > 0) changes.numbers = { added, removed };
  collectChanges(restBefore, restAfter, '', changes);
  // The ciphertext is named like a passcode, so `redact` replaces its entry whole.
  return redact(changes);
}

function collectChanges(before: unknown, after: unknown, path: string, changes: OrderChanges): void {
  if (isRecord(before) && isRecord(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      collectChanges(before[key], after[key], path ? `${path}.${key === 'pinCiphertext' ? 'pin' : key}` : key, changes);
    }
    return;
  }
  if (!sameValue(before, after)) changes[path] = { from: before ?? null, to: after ?? null };
}

/** Leaves are primitives or small arrays (contacts): only an array needs comparing by content. */
function sameValue(before: unknown, after: unknown): boolean {
  if (before === after) return true;
  if (Array.isArray(before) && Array.isArray(after)) return JSON.stringify(before) === JSON.stringify(after);
  return (before ?? null) === (after ?? null);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
