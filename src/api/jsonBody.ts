import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { InvalidUtf8Error } from '../errors/InvalidUtf8Error';

/**
 * JSON bodies, read as bytes so that invalid UTF-8 is a 400 (R52) instead of being decoded with
 * replacement characters; valid ones go to Fastify's own parser (prototype-poisoning checks kept).
 * Only JSON: Fastify would also hand a text/plain body to the engine as a string.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    if (!isUtf8(body)) {
      done(new InvalidUtf8Error(), undefined);
      return;
    }
    void parseJson(request, body.toString('utf8'), done);
  });
}
