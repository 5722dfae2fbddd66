import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { WebhookTargetRefusedError } from '../errors/WebhookTargetRefusedError';
import { SIGNATURE_HEADER, signPayload } from './signature';
import type { WebhookTargetPolicy } from './targetPolicy';

export const DELIVERY_TIMEOUT_MS = 5000;

export interface DeliveryRequest {
  url: string;
  secret: string;
  /** The JSON body, exactly as signed. */
  body: string;
  /** Sent as `Portflow-Delivery`, so a receiver can tell retries of one delivery apart from new ones. */
  deliveryId: string;
  timeoutMs: number;
  /** Wall-clock milliseconds for the signature's `t`: receivers check it against their own clock. */
  now: number;
  /** R53: the addresses a delivery may connect to. */
  targets: WebhookTargetPolicy;
}

/**
 * R53: what the delivery log keeps of an attempt — coarse, so the log of a subscription cannot be used
 * to scan which internal hosts and ports exist (no error text, no address, no port).
 */
export type DeliveryOutcomeCode = `http_${number}` | 'timeout' | 'connect_failed' | 'tls_failed' | 'refused_target';

export interface DeliveryResult {
  ok: boolean;
  httpStatus?: number;
  outcome: DeliveryOutcomeCode;
}

class DeliveryTimeout extends Error {}

/** Certificate and handshake failures (Node's `ERR_TLS_*`/`ERR_SSL_*`, OpenSSL's verification codes). */
const TLS_ERROR = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_CERT)/;

function outcomeOfFailure(error: unknown): DeliveryOutcomeCode {
  if (error instanceof DeliveryTimeout) return 'timeout';
  if (error instanceof WebhookTargetRefusedError) return 'refused_target';
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  return TLS_ERROR.test(code) ? 'tls_failed' : 'connect_failed';
}

/**
 * One signed POST on a fresh connection (no pooling: every delivery resolves and checks its target
 * again). Only a 2xx within the timeout counts: a redirect is never followed (a 3xx is a failure —
 * following it would send signed order data to a place nobody subscribed), and a receiver slower
 * than `timeoutMs` fails even if it would answer 200 later.
 */
export async function deliverOnce(request: DeliveryRequest): Promise<DeliveryResult> {
  const url = new URL(request.url);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // An IP literal is connected to without a lookup: check it here.
  if (isIP(host) !== 0 && !request.targets.allowsAddress(host)) return { ok: false, outcome: 'refused_target' };
  try {
    const status = await post(url, request);
    const ok = status >= 200 && status < 300;
    return { ok, httpStatus: status, outcome: `http_${status}` };
  } catch (error) {
    return { ok: false, outcome: outcomeOfFailure(error) };
  }
}

function post(url: URL, request: DeliveryRequest): Promise<number> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(url, {
      method: 'POST',
      agent: false,
      lookup: request.targets.lookup,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(request.body),
        'user-agent': 'portflow-webhooks',
        [SIGNATURE_HEADER]: signPayload(request.secret, request.body, Math.floor(request.now / 1000)),
        'portflow-delivery': request.deliveryId,
      },
    });
    const timer = setTimeout(() => outgoing.destroy(new DeliveryTimeout()), request.timeoutMs);
    outgoing.on('socket', (socket) => {
      // The address actually connected to, whatever resolved it: the last word on R53.
      socket.once('connect', () => {
        if (socket.remoteAddress === undefined || !request.targets.allowsAddress(socket.remoteAddress)) {
          outgoing.destroy(new WebhookTargetRefusedError(String(socket.remoteAddress)));
        }
      });
    });
    outgoing.on('response', (response: IncomingMessage) => {
      clearTimeout(timer);
      // The answer's body is of no use; dropping the connection frees it.
      response.destroy();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    outgoing.end(request.body);
  });
}
