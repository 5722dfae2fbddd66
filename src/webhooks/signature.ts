import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `Portflow-Signature` header (SPEC §5.1): `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
 * Signing the timestamp together with the body lets receivers refuse replays of an old delivery.
 */

export const SIGNATURE_HEADER = 'Portflow-Signature';

function hmacHex(secret: string, t: number, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
}

export function signPayload(secret: string, body: string, t: number): string {
  return `t=${t},v1=${hmacHex(secret, t, body)}`;
}

/**
 * True when `header` carries a valid signature of `body` made with `secret` no more than
 * `toleranceSeconds` away from `nowSeconds`. Several `v1=` entries are accepted (any may match),
 * so a receiver keeps working while a secret is being rotated.
 */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  toleranceSeconds: number,
  nowSeconds: number,
): boolean {
  let t: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const sep = part.indexOf('=');
    const key = part.slice(0, sep).trim();
    const value = part.slice(sep + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (t === undefined || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;

  const expected = Buffer.from(hmacHex(secret, t, body), 'hex');
  // Every candidate has the expected length (checked by the regex), so timingSafeEqual never throws.
  return signatures.some((candidate) => timingSafeEqual(expected, Buffer.from(candidate, 'hex')));
}
