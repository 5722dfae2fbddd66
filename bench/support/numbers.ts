/**
 * Phone numbers that are valid (R2) and unique across a whole benchmark run (R11 keeps a number in
 * one active order), however many orders it creates: the n-th number of a run is derived from n.
 */
let issued = 0;

/** Exchanges 200–999 without N11 and 555: 792 of them, times 10,000 lines, per area code. */
const exchanges = Array.from({ length: 800 }, (_, i) => 200 + i).filter((nxx) => nxx % 100 !== 11 && nxx !== 555);

function nth(areaCode: string, n: number): string {
  const exchange = exchanges[(Math.floor(n / 10_000)) % exchanges.length];
  return `+1${areaCode}${exchange}${String(n % 10_000).padStart(4, '0')}`;
}

export function geographicNumbers(count: number): string[] {
  return Array.from({ length: count }, () => nth('303', issued++));
}

export function tollFreeNumbers(count: number): string[] {
  return Array.from({ length: count }, () => nth('800', issued++));
}
