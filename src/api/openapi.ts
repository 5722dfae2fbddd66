import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { Access } from './auth';
import { componentSchemas, type ComponentName } from './openapiComponents';

/**
 * The OpenAPI 3.1 document (`/openapi.json`) and its browsable form (`/docs`). Routes describe
 * their body and answers in `config.docs`, not in `schema.body`/`schema.response`: Fastify would
 * validate (and strip) with those, and bodies belong to the engine's zod validation. The swagger
 * `transform` below moves `config.docs` into the documented schema only.
 */

export interface RouteDocs {
  /** The request body's component, when the route takes one. */
  body?: ComponentName;
  /** The success answer: status and the component of its body (null: no body). */
  success: [status: number, component: ComponentName | null];
  /** The error answers this route gives beyond those every route can give (401/403 come from `access`). */
  errors?: number[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    docs?: RouteDocs;
  }
}

const statusText: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No content',
  400: 'validation_failed (one issue per problem) or invalid_json',
  401: 'unauthorized: missing or unknown bearer token',
  403: 'forbidden: the key’s role does not grant this route',
  404: 'not_found',
  409: 'version_conflict, invalid_transition or number_in_active_order',
  413: 'payload_too_large',
  415: 'unsupported_media_type: send application/json',
  422: 'rule_violation, with the rule’s own code in details.code; idempotency_key_reused (R54)',
  503: 'Redis unreachable; busy (R59: too many writers on one order at once; retry after Retry-After); or replication_unconfirmed (R81): fewer replicas than REDIS_MIN_REPLICAS_ACK confirmed the change; retry with the same Idempotency-Key',
};

const rolesFor: Record<Exclude<Access, 'open'>, string> = {
  read: 'viewer, integration, ops',
  write: 'integration, ops',
  admin: 'ops',
};

const ref = (component: ComponentName) => ({ $ref: `#/components/schemas/${component}` });

function answer(status: number, component: ComponentName | null) {
  return component === null ? { description: statusText[status] ?? String(status), type: 'null' } : { description: statusText[status] ?? String(status), ...ref(component) };
}

/** Adds the documentation of `config.docs` and `config.access` to a route's (validated) schema. */
/**
 * `GET /v1/port-orders/:id/events` → `getPortOrdersByIdEvents`: every operation gets a stable id
 * (SDK generators name their methods after it) without each route having to remember one.
 */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .split('/')
    .filter((segment) => segment !== '' && segment !== 'v1')
    .flatMap((segment) => (segment.startsWith(':') ? ['by', segment.slice(1)] : segment.split(/[-_.]/)));
  return method.toLowerCase() + words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

function documentRoute(schema: FastifySchema | undefined, docs: RouteDocs | undefined, access: Access, operationId: string): FastifySchema {
  const documented: Record<string, unknown> = { operationId, ...schema };
  // Per operation (SPEC §5): open routes say so with an empty requirement.
  documented.security = access === 'open' ? [] : [{ bearerAuth: [] }];
  if (access !== 'open') documented.description = [schema?.description, `Roles: ${rolesFor[access]}.`].filter(Boolean).join(' ');
  if (!docs) return documented;
  const response: Record<number, unknown> = { [docs.success[0]]: answer(...docs.success) };
  const errors = [...(docs.errors ?? []), ...(access === 'open' ? [] : [401, 403]), ...(docs.body ? [413, 415] : [])];
  for (const status of errors) response[status] = answer(status, 'Error');
  if (docs.body) documented.body = ref(docs.body);
  documented.response = response;
  return documented;
}

export interface OpenApiOptions {
  /** SPEC §5: `/docs` and `/openapi.json` are open unless `DOCS_PUBLIC=0` (they hold no data). */
  docsPublic: boolean;
}

export async function registerOpenApi(app: FastifyInstance, version: string, { docsPublic }: OpenApiOptions): Promise<void> {
  const docsAccess: Access = docsPublic ? 'open' : 'read';
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'portflow',
        version,
        description: 'Port-order workflow service. Errors are always { "error": { code, message, details } }.',
        license: { name: 'UNLICENSED', identifier: 'LicenseRef-UNLICENSED' },
      },
      // Relative: the document is served by the API it describes, wherever that is deployed.
      servers: [{ url: '/', description: 'This portflow instance' }],
      security: [{ bearerAuth: [] }],
      components: {
        // JSON Schema 2020-12 is what OpenAPI 3.1 takes; the library's types are narrower than zod's output.
        schemas: componentSchemas as Record<string, unknown> as Record<string, never>,
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'API_KEYS token' } },
      },
    },
    transform: ({ schema, url, route }) => ({
      url,
      schema: documentRoute(schema, route.config?.docs, route.config?.access ?? 'admin', operationIdOf(String(route.method), route.url)),
    }),
  });
  // The UI's own routes (page, assets, its copy of the document) are the plugin's: give them the docs' access.
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: docsAccess };
    });
    await docs.register(fastifySwaggerUi, { routePrefix: '/docs' });
  });
  app.get('/openapi.json', { schema: { hide: true }, config: { access: docsAccess } }, async () => app.swagger());
}
