import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BusyError } from '../errors/BusyError';
import { PortflowError } from '../errors/PortflowError';
import type { ValidationIssue } from '../orders/issues';

/**
 * One error shape for every failure (SPEC §5): `{ "error": { code, message, details } }`.
 * Engine errors are `PortflowError`s and carry their own status and code; Fastify's own errors
 * (body parsing, schema validation of params/query/headers) are mapped here; anything else is a
 * bug, answered with a bare 500 and logged.
 */

export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

export interface HttpError {
  status: number;
  body: ErrorBody;
}

const httpError = (status: number, code: string, message: string, details: Record<string, unknown> = {}): HttpError => ({
  status,
  body: { error: { code, message, details } },
});

/** Fastify codes whose fixed messages we replace (they name Fastify internals, not the client's mistake). */
const fastifyErrors: Record<string, HttpError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: httpError(400, 'invalid_json', 'The request body is not valid JSON'),
  FST_ERR_CTP_EMPTY_JSON_BODY: httpError(400, 'invalid_json', 'The request body is empty but Content-Type is application/json'),
  FST_ERR_CTP_BODY_TOO_LARGE: httpError(413, 'payload_too_large', 'The request body is larger than the server accepts'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: httpError(415, 'unsupported_media_type', 'Send the body as application/json'),
  FST_ERR_MAX_PARAM_LENGTH: httpError(414, 'uri_too_long', 'A path segment is longer than the server accepts'),
};

type AjvError = NonNullable<FastifyError['validation']>[number];

const ajvIssueCodes: Record<string, string> = {
  required: 'required',
  type: 'invalid_type',
  enum: 'invalid_value',
  pattern: 'invalid_format',
  format: 'invalid_format',
  minimum: 'too_small',
  minLength: 'too_small',
  maximum: 'too_big',
  maxLength: 'too_big',
};

/** Query `limit=500` → `{ path: 'query.limit', code: 'too_big', … }`: the location names which part of the request is at fault. */
function issueFromAjv(location: string, error: AjvError): ValidationIssue {
  const missing = error.keyword === 'required' ? (error.params as { missingProperty?: string }).missingProperty : undefined;
  const field = missing ?? error.instancePath.slice(1).replaceAll('/', '.');
  return {
    path: field ? `${location}.${field}` : location,
    code: ajvIssueCodes[error.keyword] ?? 'invalid',
    message: error.message ?? 'is invalid',
  };
}

const locationNames: Record<string, string> = { querystring: 'query', params: 'params', headers: 'headers', body: 'body' };

/** Maps anything thrown while serving a request to its HTTP answer. Exported for the frameworkErrors hook and tests. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof PortflowError) return httpError(error.httpStatus, error.code, error.message, error.details);
  const fastifyError = error as Partial<FastifyError> | null;
  if (fastifyError?.validation) {
    const location = locationNames[fastifyError.validationContext ?? 'body'] ?? 'request';
    const issues = fastifyError.validation.map((ajvError) => issueFromAjv(location, ajvError));
    return httpError(400, 'validation_failed', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  }
  const known = fastifyError?.code !== undefined ? fastifyErrors[fastifyError.code] : undefined;
  if (known) return known;
  // Other client errors Fastify raises (bad Content-Length, a malformed URL…) carry a 4xx status and a fixed message.
  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return httpError(status, status === 404 ? 'not_found' : 'bad_request', fastifyError?.message ?? 'Bad request');
  }
  return httpError(500, 'internal_error', 'Internal error; the request id in x-request-id helps find it in the logs');
}

/** R50: no error answer is larger than this; one that would be keeps its code and loses its details. */
export const MAX_ERROR_BYTES = 64 * 1024;

/** The answer's JSON, within `MAX_ERROR_BYTES` whatever the details held. */
function boundedJson({ error }: ErrorBody): string {
  const json = JSON.stringify({ error });
  if (Buffer.byteLength(json) <= MAX_ERROR_BYTES) return json;
  return JSON.stringify({ error: { code: error.code, message: error.message.slice(0, 1000), details: { truncated: true } } });
}

function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const answer = toHttpError(error);
  if (answer.status >= 500) request.log.error({ err: error }, 'request failed');
  if (answer.status === 401) void reply.header('www-authenticate', 'Bearer realm="portflow"');
  if (error instanceof BusyError) void reply.header('retry-after', String(error.retryAfterSeconds));
  // R51: after an early 401 or 413 the rest of the request is not wanted; keeping the connection would
  // let a client without a key (or with a huge body) hold it open.
  if (answer.status === 401 || answer.status === 413) void reply.header('connection', 'close');
  return reply.code(answer.status).type('application/json; charset=utf-8').send(boundedJson(answer.body));
}

/** Installs the error handler, the 404 handler and the handler of errors raised before routing (bad URL). */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(httpError(404, 'not_found', `No route ${request.method} ${request.url.split('?', 1)[0]}`).body),
  );
}

/** Fastify's `frameworkErrors` option: errors it raises before routing (a malformed URL) get our shape too. */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void sendError(request, reply, error);
}

const TIMEOUT_CODES = new Set(['ERR_HTTP_REQUEST_TIMEOUT', 'ERR_HTTP_HEADERS_TIMEOUT']);

/**
 * Fastify's `clientErrorHandler`: Node's own refusals, before a request reaches Fastify (a deadline
 * missed, R51; malformed HTTP), answered in our shape, and the connection closed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] = TIMEOUT_CODES.has(error.code ?? '')
    ? [408, 'request_timeout', 'The request headers and body did not arrive in time']
    : error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The request headers are larger than the server accepts']
      : [400, 'bad_request', 'Malformed HTTP request'];
  const body = JSON.stringify({ error: { code, message, details: {} } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
