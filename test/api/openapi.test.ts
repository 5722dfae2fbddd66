import type { Redis } from 'ioredis';
import { publicEventTypes } from '../../src/orders/events';
import { FakeEngine } from './support/fakeEngine';
import { bearer, startApi, testRedis, tokens, type RunningApi } from './support/apiServer';

/**
 * SPEC §5 "OpenAPI at /docs and /openapi.json". Body schemas come from the engine's zod schemas and
 * are documentation only: Fastify must neither validate nor strip bodies with them.
 */

type Json = Record<string, unknown>;
interface Operation {
  responses: Record<string, Json>;
  security?: unknown[];
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: Json }> };
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
}

/** Every route of SPEC §5 that this layer serves (webhooks and the sandbox clock come with their own modules). */
const specRoutes: [method: string, path: string][] = [
  ['post', '/v1/port-orders'],
  ['get', '/v1/port-orders/{id}'],
  ['get', '/v1/port-orders'],
  ['post', '/v1/port-orders/{id}/events'],
  ['get', '/v1/port-orders/{id}/history'],
  ['post', '/v1/port-projects'],
  ['get', '/v1/port-projects/{id}'],
  ['get', '/v1/porting-calendar/slots'],
  ['post', '/v1/porting-calendar/check'],
  ['get', '/v1/events'],
  ['get', '/health'],
  ['get', '/metrics'],
];

let redis: Redis;
let api: RunningApi;
let engine: FakeEngine;
let document: OpenApiDocument;

beforeAll(async () => {
  redis = testRedis();
  engine = new FakeEngine();
  api = await startApi({ engine, redis });
  document = (await (await fetch(`${api.url}/openapi.json`, { headers: { authorization: `Bearer ${tokens.viewer}` } })).json()) as OpenApiDocument;
});

afterAll(async () => {
  redis.disconnect();
  await api?.close();
});

function* refsIn(value: unknown): Generator<string> {
  if (Array.isArray(value)) for (const item of value) yield* refsIn(item);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') yield item;
      else yield* refsIn(item);
    }
  }
}

function resolve(ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, segment) => (node as Json | undefined)?.[segment], document);
}

describe('GET /openapi.json', () => {
  it('SPEC §5: is an OpenAPI 3.1 document titled portflow with the package version', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toMatchObject({ title: 'portflow', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it.each(specRoutes)('SPEC §5: lists %s %s with a success answer', (method, path) => {
    const operation = document.paths[path]?.[method];
    expect(operation).toBeDefined();
    expect(Object.keys(operation.responses).some((status) => /^2\d\d$/.test(status))).toBe(true);
  });

  it('every {param} of a path is declared as a required path parameter', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      for (const operation of Object.values(operations)) {
        const declared = (operation.parameters ?? []).filter((p) => p.in === 'path' && p.required).map((p) => p.name);
        expect(declared.sort()).toEqual(templated.sort());
      }
    }
  });

  it('every $ref resolves inside the document', () => {
    const refs = [...refsIn(document)];
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect({ ref, found: resolve(ref) !== undefined }).toEqual({ ref, found: true });
  });

  it('SPEC §5: /v1 routes declare bearer auth and their 401/403; /health is open', () => {
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const createOrder = document.paths['/v1/port-orders'].post;
    expect(createOrder.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(createOrder.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409', '413', '415']));
    expect(document.paths['/health'].get.security).toEqual([]); // open, against the document's default
  });

  it('SPEC §1.2, §3.1: the order, event and view schemas come from the zod schemas', () => {
    const { OrderInput, OrderEvent, OrderView } = document.components.schemas;
    expect(Object.keys(OrderInput.properties as Json)).toEqual(expect.arrayContaining(['kind', 'numbers', 'account', 'contacts']));
    const eventTypes = JSON.stringify(OrderEvent);
    for (const type of publicEventTypes) expect(eventTypes).toContain(`"${type}"`);
    expect(eventTypes).not.toContain('"TIMER"');
    const account = (OrderView.properties as Record<string, { properties: Json }>).account.properties;
    expect(Object.keys(account)).toContain('pinOnFile');
    expect(Object.keys(account)).not.toContain('pin');
    const body = document.paths['/v1/port-orders/{id}/events'].post.requestBody?.content['application/json'].schema;
    expect(body).toEqual({ $ref: '#/components/schemas/OrderEvent' });
  });

  it('the body schemas are documentation only: the engine gets the body as sent and its answer goes out as is', async () => {
    const sent = { kind: 'us', unknownField: 'kept for the engine to refuse', numbers: 'not even an array' };
    await fetch(`${api.url}/v1/port-orders`, {
      method: 'POST',
      headers: { ...bearer(tokens.integration), 'content-type': 'application/json' },
      body: JSON.stringify(sent),
    });
    expect(engine.lastCall()).toMatchObject({ method: 'createOrder', args: [sent] });
    // The fake's view has three fields; a response schema would have added or refused the rest.
    const answer = await fetch(`${api.url}/v1/port-orders/${FakeEngine.orderId}`, { headers: bearer(tokens.viewer) });
    expect(await answer.json()).toEqual({ id: FakeEngine.orderId, state: 'draft', version: 7 });
  });
});

describe('GET /docs', () => {
  it('SPEC §5: serves the browsable documentation', async () => {
    const response = await fetch(`${api.url}/docs`, { headers: { authorization: `Bearer ${tokens.viewer}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toMatch(/swagger/i);
  });
});
