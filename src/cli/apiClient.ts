import { ApiRefusedError } from '../errors/ApiRefusedError';
import type { Credentials } from './credentials';

export interface RequestOptions {
  /** Sent as a JSON body. */
  json?: unknown;
  /** Sent as multipart/form-data. */
  form?: FormData;
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
}

export interface Download {
  bytes: Buffer;
  contentType: string;
  /** From Content-Disposition, when the API named the file. */
  filename: string | null;
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: { issues?: { path?: unknown; message?: unknown }[] } };
}

/**
 * The CLI's only way to portflow (SPEC R67: over HTTP, never Redis): bearer token, JSON in and out,
 * and every non-2xx answer turned into an ApiRefusedError carrying the API's own code and message.
 */
export class ApiClient {
  private readonly base: string;

  constructor(private readonly credentials: Credentials) {
    this.base = credentials.url.replace(/\/+$/, '');
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    const text = await response.text();
    return (text ? JSON.parse(text) : null) as T;
  }

  async download(path: string): Promise<Download> {
    const response = await this.send('GET', path, {});
    const disposition = response.headers.get('content-disposition') ?? '';
    const named = /filename\*=UTF-8''([^;]+)/i.exec(disposition) ?? /filename="?([^";]+)"?/i.exec(disposition);
    return {
      bytes: Buffer.from(await response.arrayBuffer()),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      filename: named ? decodeURIComponent(named[1]) : null,
    };
  }

  private async send(method: string, path: string, { json, form, query, headers = {} }: RequestOptions): Promise<Response> {
    const url = new URL(`${this.base}${path}`);
    for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.credentials.token}`,
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: json === undefined ? form : JSON.stringify(json),
      });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new ApiRefusedError('unreachable', `cannot reach ${this.base}: ${cause}`, null);
    }
    if (!response.ok) throw await refusal(response);
    return response;
  }
}

/** One line for a person: the API's code and message, and for validation_failed each issue's field and words. */
async function refusal(response: Response): Promise<ApiRefusedError> {
  const text = await response.text();
  let body: ErrorBody = {};
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    // not the API's error shape (a proxy in between): the status is all we know
  }
  const { code, message, details } = body.error ?? {};
  if (typeof code !== 'string') return new ApiRefusedError(`http_${response.status}`, response.statusText || 'request refused', response.status);
  const issues = (details?.issues ?? []).map((issue) => `${String(issue.path)}: ${String(issue.message)}`);
  const words = String(message ?? '');
  const line = issues.length > 1 ? `${words} (${issues.join('; ')})` : words;
  return new ApiRefusedError(code, line.replace(/\s*\n\s*/g, ' '), response.status);
}
