import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** A refusal of the API, as its error body says it (SPEC §5). */
export interface ApiError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export type ApiAnswer<T> = { ok: true; status: number; body: T } | { ok: false; status: number; error: ApiError };

/** Bound on any answer the console waits for: a page never hangs on a slow call. */
const CALL_TIMEOUT_MS = 10_000;

/**
 * The console's only way to data (R66): the public HTTP API over a socket, as any client, with the
 * signed-in person's session cookie (and its CSRF token on writes), so the API applies their role.
 */
export class ConsoleApi {
  constructor(
    private readonly baseUrl: string,
    private readonly cookie: string,
    private readonly csrfToken: string,
  ) {}

  /** The API of the process serving this console: its own listening socket. */
  static baseUrlOf(app: FastifyInstance): string {
    const address = app.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? (address.address === '::' ? '[::1]' : `[${address.address}]`) : address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
    return `http://${host}:${address.port}`;
  }

  get<T>(path: string): Promise<ApiAnswer<T>> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<ApiAnswer<T>> {
    return this.call<T>('POST', path, body);
  }

  /** A multipart/form-data POST (fetch writes the boundary): the fields in the order they were appended. */
  postForm<T>(path: string, form: FormData): Promise<ApiAnswer<T>> {
    return this.call<T>('POST', path, form);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { cookie: this.cookie };
    if (method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    const form = body instanceof FormData;
    if (method !== 'GET' && !form) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : null;
    if (response.ok) return { ok: true, status: response.status, body: parsed as T };
    const error = (parsed as { error?: ApiError } | null)?.error ?? { code: `http_${response.status}`, message: response.statusText };
    return { ok: false, status: response.status, error };
  }
}

/** The body of a successful answer, or the fallback when the route is not there (404: a branch not merged yet). */
export function orAbsent<T>(answer: ApiAnswer<T>): T | null {
  if (answer.ok) return answer.body;
  if (answer.status === 404) return null;
  throw new ConsoleApiError(answer.error, answer.status);
}

export function required<T>(answer: ApiAnswer<T>): T {
  if (answer.ok) return answer.body;
  throw new ConsoleApiError(answer.error, answer.status);
}

/** An API refusal the page cannot work around; the console shows it as an error page. */
export class ConsoleApiError extends Error {
  constructor(
    readonly apiError: ApiError,
    readonly status: number,
  ) {
    super(`${apiError.code}: ${apiError.message}`);
  }
}
