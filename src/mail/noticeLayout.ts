import { assertNever } from '../util/assertNever';

/**
 * A notice is written once, as blocks, and laid out twice: as the plain-text part (R37.1) and as
 * HTML. Templates never build HTML themselves, so no interpolated value can skip the escaping.
 */

export type NoticeBlock =
  | { kind: 'paragraph'; text: string }
  /** Label/value pairs: dates, counts, codes. Rows with a null value are left out. */
  | { kind: 'facts'; rows: [label: string, value: string | null][] }
  | { kind: 'list'; items: string[] };

export interface Notice {
  /** The subject without the order prefix; also the heading of the body. */
  title: string;
  blocks: NoticeBlock[];
}

export const paragraph = (text: string): NoticeBlock => ({ kind: 'paragraph', text });
export const facts = (...rows: [string, string | null][]): NoticeBlock => ({ kind: 'facts', rows });
export const list = (items: string[]): NoticeBlock => ({ kind: 'list', items });

const presentRows = (rows: [string, string | null][]) => rows.filter((row): row is [string, string] => row[1] !== null);

export function layoutText(notice: Notice): string {
  const parts = [notice.title];
  for (const block of notice.blocks) {
    switch (block.kind) {
      case 'paragraph':
        parts.push(block.text);
        break;
      case 'facts':
        parts.push(presentRows(block.rows).map(([label, value]) => `${label}: ${value}`).join('\n'));
        break;
      case 'list':
        parts.push(block.items.map((item) => `  - ${item}`).join('\n'));
        break;
      default:
        assertNever(block, 'notice block');
    }
  }
  return `${parts.join('\n\n')}\n`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

export function layoutHtml(notice: Notice): string {
  const parts = [`<h2>${escapeHtml(notice.title)}</h2>`];
  for (const block of notice.blocks) {
    switch (block.kind) {
      case 'paragraph':
        parts.push(`<p>${escapeHtml(block.text)}</p>`);
        break;
      case 'facts': {
        const rows = presentRows(block.rows).map(
          ([label, value]) =>
            `<tr><th align="left" style="padding-right:1em">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
        );
        parts.push(`<table>${rows.join('')}</table>`);
        break;
      }
      case 'list':
        parts.push(`<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`);
        break;
      default:
        assertNever(block, 'notice block');
    }
  }
  return `<!doctype html><html><body style="font-family:sans-serif">${parts.join('\n')}</body></html>\n`;
}
