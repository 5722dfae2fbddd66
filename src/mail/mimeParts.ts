import { readEmlHeaders } from './emlHeaders';

/** MIME reading for the dev mailbox (and the mail tests): the decoded body of the first part with a given content type. */
export function partBody(raw: string, contentType: string): { contentType: string; body: string } | null {
  const start = raw.search(new RegExp(`^Content-Type: ${contentType.replace('/', '\\/')}`, 'im'));
  if (start === -1) return null;
  const part = raw.slice(start);
  const headerEnd = part.search(/\r?\n\r?\n/);
  const headers = readEmlHeaders(part);
  const bodyAndRest = part.slice(headerEnd).replace(/^\r?\n\r?\n/, '');
  const boundary = bodyAndRest.search(/\r?\n--/);
  const encoded = boundary === -1 ? bodyAndRest : bodyAndRest.slice(0, boundary);
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  return { contentType: headers.get('content-type') ?? '', body: decodeBody(encoded, encoding) };
}

function decodeBody(encoded: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(encoded, 'base64').toString('utf8');
  if (encoding !== 'quoted-printable') return encoded;
  const softBreaksRemoved = encoded.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < softBreaksRemoved.length; i++) {
    const hex = softBreaksRemoved.slice(i + 1, i + 3);
    if (softBreaksRemoved[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(softBreaksRemoved.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** iCalendar content lines with RFC 5545 folding undone. */
export function icsLines(ics: string): string[] {
  return ics.replace(/\r?\n[ \t]/g, '').split(/\r?\n/).filter((line) => line !== '');
}
