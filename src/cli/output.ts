import { DateTime } from 'luxon';
import { PORTING_ZONE } from '../clock/clock';

/** Where a command writes: stdout for results (tables or JSON), stderr for notes to the person. */
export interface Output {
  /** `--json`: print the API's JSON, nothing else, so scripts can parse stdout. */
  json: boolean;
  print(text: string): void;
  note(text: string): void;
}

export function processOutput(json: boolean): Output {
  return {
    json,
    print: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    note: (text) => process.stderr.write(`${text}\n`),
  };
}

export function asJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** An instant as the desk reads it: Mountain Time with its abbreviation (`2026-12-16 09:00 MST`); `—` when absent. */
export function mountainTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const time = DateTime.fromISO(iso, { setZone: true });
  return time.isValid ? time.setZone(PORTING_ZONE).toFormat('yyyy-LL-dd HH:mm ZZZZ') : iso;
}

/** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map((cell) => (cell === null || cell === undefined || cell === '' ? '—' : String(cell))))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells
    .map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  '))
    .join('\n');
}

/** `label  value` lines, labels aligned (one record, for `show` commands). */
export function fields(pairs: [string, string | number | boolean | null | undefined][]): string {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `${`${label}:`.padEnd(width + 1)}  ${value === null || value === undefined || value === '' ? '—' : String(value)}`).join('\n');
}
