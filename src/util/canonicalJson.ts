/**
 * Writes `value` (parsed JSON) as JSON with every object's keys sorted, at any depth, chunk by chunk:
 * two bodies that differ only in key order give the same text, so a client that re-serializes its
 * retry is still recognized (R54). Iterative, not recursive: a hostile body nested 100,000 deep
 * (JSON.parse accepts it) must not overflow the stack.
 */
export function writeCanonicalJson(value: unknown, write: (chunk: string) => void): void {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (item instanceof Punctuation) {
      write(item.text);
    } else if (Array.isArray(item)) {
      // Pushed in reverse: the stack pops `[`, the elements with commas between them, then `]`.
      pending.push(CLOSE_ARRAY);
      for (let i = item.length - 1; i >= 0; i--) pending.push(item[i], ...(i > 0 ? [COMMA] : []));
      pending.push(OPEN_ARRAY);
    } else if (item !== null && typeof item === 'object') {
      const keys = Object.keys(item).sort();
      pending.push(CLOSE_OBJECT);
      for (let i = keys.length - 1; i >= 0; i--) {
        pending.push((item as Record<string, unknown>)[keys[i]], new Punctuation(`${JSON.stringify(keys[i])}:`), ...(i > 0 ? [COMMA] : []));
      }
      pending.push(OPEN_OBJECT);
    } else {
      write(JSON.stringify(item) ?? 'null');
    }
  }
}

/** Structure tokens on the work stack, told apart from string values by their class. */
class Punctuation {
  constructor(readonly text: string) {}
}
const COMMA = new Punctuation(',');
const OPEN_ARRAY = new Punctuation('[');
const CLOSE_ARRAY = new Punctuation(']');
const OPEN_OBJECT = new Punctuation('{');
const CLOSE_OBJECT = new Punctuation('}');
