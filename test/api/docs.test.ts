import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startApiHarness, type ApiHarness } from '../support/apiHarness';

/**
 * SPEC §5: `/docs` and `/openapi.json` are open by default (a person opens them in a browser, no
 * header), `DOCS_PUBLIC=0` closes them; the document is complete and passes Redocly's recommended lint.
 */

interface Operation {
  operationId?: string;
  summary?: string;
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}
interface OpenApiDocument {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
}

let api: ApiHarness;
let document: OpenApiDocument;

beforeAll(async () => {
  // SANDBOX=1 and no SMTP_URL: the sandbox clock and the dev mailbox are in the document too.
  api = await startApiHarness({ env: { SANDBOX: '1' } });
  const answer = await fetch(`${api.url}/openapi.json`);
  expect(answer.status).toBe(200);
  document = (await answer.json()) as OpenApiDocument;
});
afterAll(async () => {
  await api?.close();
});

const operations = () =>
  Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })));

describe('SPEC §5: the docs open in a browser', () => {
  it('SPEC §5: /docs and every script, style and image its page loads answer 200 without any header', async () => {
    const page = await fetch(`${api.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"#]+)"/g)].map(([, ref]) => new URL(ref, page.url).href);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect([asset, (await fetch(asset)).status]).toEqual([asset, 200]);
    expect(assets.some((asset) => asset.endsWith('/swagger-initializer.js'))).toBe(true);
    // …which loads the document from here.
    expect((await fetch(`${api.url}/docs/json`)).status).toBe(200);
  });

  it('SPEC §5: DOCS_PUBLIC=0 puts /docs and /openapi.json behind a key', async () => {
    const closed = await startApiHarness({ env: { DOCS_PUBLIC: '0' } });
    try {
      for (const path of ['/docs', '/docs/json', '/openapi.json']) expect([path, (await fetch(`${closed.url}${path}`)).status]).toEqual([path, 401]);
      expect((await closed.call('GET', '/openapi.json', { as: 'viewer' })).status).toBe(200);
    } finally {
      await closed.close();
    }
  });
});

describe('SPEC §5: the OpenAPI document is complete', () => {
  it('SPEC §5: every operation has a unique operationId, a summary and its own security', () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(operations().filter(({ operation }) => !operation.operationId || !operation.summary || !operation.security).map((o) => o.name)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(document.paths['/health'].get.security).toEqual([]);
    expect(document.paths['/v1/port-orders'].post.security).toEqual([{ bearerAuth: [] }]);
  });

  it('SPEC §5: servers is set', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: expect.any(String) })]);
  });

  it('SPEC §5: webhooks and sandbox routes document their bodies and the codes they really answer', () => {
    const codes = (path: string, method: string) => Object.keys(document.paths[path][method].responses);
    expect(document.paths['/v1/webhooks'].post.requestBody).toBeDefined();
    expect(document.paths['/v1/sandbox/clock'].post.requestBody).toBeDefined();
    expect(codes('/v1/webhooks', 'post')).toEqual(expect.arrayContaining(['201', '400']));
    expect(codes('/v1/webhooks', 'post')).not.toContain('200');
    expect(codes('/v1/webhooks/{id}', 'delete')).toEqual(expect.arrayContaining(['204', '404']));
    expect(codes('/v1/webhooks/{id}', 'delete')).not.toContain('200');
    expect(codes('/v1/sandbox/clock', 'post')).toEqual(expect.arrayContaining(['200', '400']));
  });

  it("SPEC §5: Redocly's recommended lint finds 0 errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portflow-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(document));
      const lint = await promisify(execFile)('npx', ['redocly', 'lint', '--extends=recommended', '--format=json', file], { maxBuffer: 16 * 1024 * 1024 }).catch(
        (failed: { stdout: string }) => failed,
      );
      const problems = (JSON.parse(lint.stdout) as { problems: { severity: string; ruleId: string; message: string; location: { pointer: string }[] }[] }).problems;
      const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
