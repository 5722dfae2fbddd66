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

/** The service's logger; pass `destination` to capture lines (tests). */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  const options = { level: config.LOG_LEVEL, redact: { paths: redactedPaths, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
