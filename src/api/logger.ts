import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config/config';

/**
 * R12 and SPEC §5: no PIN, token or full account number in any log line. Fastify logs only the
 * method, URL and addresses of a request (never its body or headers), so these paths are a second
 * line of defence for whatever a handler or an error object might carry, a few levels deep.
 */
const secretFields = ['pin', 'passcode', 'password', 'token', 'secret', 'accountNumber', 'pinCiphertext'];
const depths = ['', '*.', '*.*.', '*.*.*.'];

export const redactedPaths: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  ...secretFields.flatMap((field) => depths.map((prefix) => `${prefix}${field}`)),
];

/**
 * Query parameters whose values are credentials. The API takes bearer headers only (SPEC §5), but a
 * client may still put a key in a URL (`/docs?api_key=…`): the request log must not keep it.
 */
const SECRET_QUERY_PARAM = /^(api[_-]?key|key|token|access[_-]?token|auth|authorization|secret|password|passcode|pin|session|signature|sig)$/i;

/** `/docs?api_key=abc&x=1` → `/docs?api_key=[redacted]&x=1`. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const params = new URLSearchParams(url.slice(at + 1));
  for (const name of new Set(params.keys())) {
    if (SECRET_QUERY_PARAM.test(name)) params.set(name, '[redacted]');
  }
  return `${url.slice(0, at)}?${params.toString().replaceAll('%5Bredacted%5D', '[redacted]')}`;
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's request serializer with the URL's credentials redacted; it takes precedence over Fastify's own. */
const serializers = {
  req: (request: LoggedRequest) => ({
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }),
};

/** The service's logger; pass `destination` to capture lines (tests). */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  const options = { level: config.LOG_LEVEL, redact: { paths: redactedPaths, censor: '[redacted]' }, serializers };
  return destination ? pino(options, destination) : pino(options);
}
