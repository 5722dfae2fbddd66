import { SIGNATURE_HEADER, signPayload } from './signature';

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
}

export interface DeliveryResult {
  ok: boolean;
  httpStatus?: number;
  error?: string;
}

const MAX_ERROR_LENGTH = 300;

/**
 * One signed POST. Only a 2xx within the timeout counts: a redirect is never followed (a 3xx is a
 * failure — following it would send signed order data to a place nobody subscribed), and a receiver
 * slower than `timeoutMs` fails even if it would answer 200 later.
 */
export async function deliverOnce(request: DeliveryRequest): Promise<DeliveryResult> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), request.timeoutMs);
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      redirect: 'manual',
      signal: abort.signal,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'portflow-webhooks',
        [SIGNATURE_HEADER]: signPayload(request.secret, request.body, Math.floor(request.now / 1000)),
        'portflow-delivery': request.deliveryId,
      },
      body: request.body,
    });
    // The answer's body is of no use; dropping it frees the connection.
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return { ok: true, httpStatus: response.status };
    return { ok: false, httpStatus: response.status, error: `HTTP ${response.status}` };
  } catch (err) {
    if (abort.signal.aborted) return { ok: false, error: `timeout after ${request.timeoutMs} ms` };
    return { ok: false, error: describeNetworkError(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** fetch reports every network failure as "fetch failed"; the useful part (ECONNREFUSED…) is its cause. */
function describeNetworkError(err: unknown): string {
  // Duck-typed rather than `instanceof Error`: fetch's errors may come from another realm (jest, vm).
  const failure = err as { message?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
  const text = failure?.cause?.code ?? failure?.cause?.message ?? failure?.message ?? err;
  return String(text).slice(0, MAX_ERROR_LENGTH);
}
