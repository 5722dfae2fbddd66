import { createHmac } from 'node:crypto';
import { signPayload, verifySignature } from '../../src/webhooks/signature';

const secret = 'a'.repeat(64);
const body = '{"id":"evt_po_1_1","seq":1}';
const t = 1_790_000_000;

describe('Portflow-Signature (SPEC §5.1)', () => {
  it('§5.1: the header is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signPayload(secret, body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it('§5.1: a signature verifies with the same secret, body and a close clock', () => {
    expect(verifySignature(secret, signPayload(secret, body, t), body, 300, t + 299)).toBe(true);
  });

  it('§5.1: a changed body, another secret, a stale timestamp or a malformed header does not verify', () => {
    const header = signPayload(secret, body, t);
    expect(verifySignature(secret, header, body.replace('1}', '2}'), 300, t)).toBe(false);
    expect(verifySignature('b'.repeat(64), header, body, 300, t)).toBe(false);
    expect(verifySignature(secret, header, body, 300, t + 301)).toBe(false);
    expect(verifySignature(secret, header.replace(`t=${t}`, `t=${t + 1}`), body, 300, t)).toBe(false);
    for (const malformed of ['', 'v1=abc', `t=${t}`, `t=x,v1=${'0'.repeat(64)}`, `t=${t},v1=${'0'.repeat(63)}`]) {
      expect(verifySignature(secret, malformed, body, 300, t)).toBe(false);
    }
  });

  it('§5.1: any of several v1 signatures may match (secret rotation)', () => {
    const header = `${signPayload(secret, body, t)},v1=${'0'.repeat(64)}`;
    expect(verifySignature(secret, header, body, 300, t)).toBe(true);
  });
});
