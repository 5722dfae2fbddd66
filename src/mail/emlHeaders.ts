/**
 * Just enough RFC 5322 header reading to list the dev mailbox: unfold continuation lines and
 * decode RFC 2047 encoded words (nodemailer encodes any non-ASCII subject that way).
 */

/** Header names lower-cased; the first occurrence of a name wins. */
export function readEmlHeaders(raw: string): Map<string, string> {
  const end = raw.search(/\r?\n\r?\n/);
  const block = end === -1 ? raw : raw.slice(0, end);
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 1) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, decodeEncodedWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=/g;
/** A run of encoded words: the whitespace between adjacent words is not part of the text. */
const ENCODED_RUN = /=\?[^?\s]+\?[QqBb]\?[^?\s]*\?=(?:\s+=\?[^?\s]+\?[QqBb]\?[^?\s]*\?=)*/g;

export function decodeEncodedWords(value: string): string {
  return value.replace(ENCODED_RUN, (run) => {
    // Decode the run's bytes together: a multi-byte character may be split across two words.
    const chunks: Buffer[] = [];
    let charset = 'utf-8';
    for (const [, wordCharset, encoding, payload] of run.matchAll(ENCODED_WORD)) {
      charset = wordCharset.split('*')[0].toLowerCase();
      chunks.push(encoding.toUpperCase() === 'B' ? Buffer.from(payload, 'base64') : decodeQ(payload));
    }
    return Buffer.concat(chunks).toString(charset === 'iso-8859-1' || charset === 'latin1' ? 'latin1' : 'utf8');
  });
}

function decodeQ(payload: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < payload.length; i++) {
    const ch = payload[i];
    if (ch === '_') bytes.push(0x20);
    else if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(payload.slice(i + 1, i + 3))) {
      bytes.push(parseInt(payload.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(ch.charCodeAt(0));
  }
  return Buffer.from(bytes);
}
