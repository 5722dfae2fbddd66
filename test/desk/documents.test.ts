import { createHash } from 'node:crypto';
import { existsSync, openSync, readdirSync, readSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import { dumpValues } from '../support/redisDump';
import { TEST_TOKENS } from '../support/harness';
import { usOrderInput, wirelessOrderInput } from '../support/orderInputs';
import { startApiHarness, type ApiHarness } from '../support/apiHarness';

/** R61: documents through HTTP, against real Redis and the filesystem store under DATA_DIR. */

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A real one-page PDF: objects, a content stream, and an xref table with the right byte offsets. */
function makePdf(text: string): Buffer {
  const content = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf);
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** A real 2×2 RGB PNG: signature, IHDR, IDAT (deflated scanlines) and IEND, each chunk with its CRC. */
function makePng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** The first 64 KB of the node executable itself: a real executable. */
function executableHead(): Buffer {
  const fd = openSync(process.execPath, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

let api: ApiHarness;
let strict: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness();
  strict = await startApiHarness({ env: { REQUIRE_DOCUMENT_FILES: '1' } });
});

afterAll(async () => {
  await api?.close();
  await strict?.close();
});

async function upload(on: ApiHarness, orderId: string, type: string, bytes: Uint8Array, filename: string, as: keyof typeof TEST_TOKENS = 'integration') {
  const form = new FormData();
  form.append('type', type);
  form.append('file', new Blob([bytes]), filename);
  const response = await fetch(`${on.url}/v1/port-orders/${orderId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${TEST_TOKENS[as]}` }, body: form });
  return { status: response.status, body: (await response.json()) as any };
}

async function newOrder(on: ApiHarness, input: Record<string, unknown> = usOrderInput()): Promise<string> {
  const created = await on.call('POST', '/v1/port-orders', { body: input });
  expect(created.status).toBe(201);
  return created.body.id;
}

/**
 * A multipart upload of `size` bytes, generated as it is sent (64 KB at a time), so that the test's
 * own side never holds the body either and the process's memory shows what the server keeps.
 */
async function streamUpload(orderId: string, size: number): Promise<{ status: number; body: any }> {
  const boundary = 'portflow-test-boundary';
  const encoder = new TextEncoder();
  const head = encoder.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nloa\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`,
  );
  const chunk = new Uint8Array(64 * 1024).fill(0x41);
  let sent = 0;
  const abort = new AbortController();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(head);
    },
    pull(controller) {
      if (sent >= size) {
        controller.enqueue(encoder.encode(`\r\n--${boundary}--\r\n`));
        controller.close();
        return;
      }
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  const response = await fetch(`${api.url}/v1/port-orders/${orderId}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_TOKENS.ops}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: 'half',
    signal: abort.signal,
  } as RequestInit);
  const answer = { status: response.status, body: await response.json() };
  // Refused early: stop sending the rest of the body.
  abort.abort();
  return answer;
}

function documentsDir(on: ApiHarness): string {
  return join(on.harness.config.DATA_DIR, 'documents');
}

describe('R61 documents', () => {
  it('R61: a real PDF is stored (0600, named by its hash), listed, and downloaded byte-identical as an attachment of its stored type', async () => {
    const id = await newOrder(api);
    const pdf = makePdf('Letter of authorization');
    const uploaded = await upload(api, id, 'loa', pdf, 'LOA signed.pdf');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toEqual({
      id: expect.stringMatching(/^doc_/),
      orderId: id,
      type: 'loa',
      filename: 'LOA signed.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
      sha256: sha256(pdf),
      uploadedBy: 'api:integration',
      uploadedAt: expect.any(String),
    });
    const path = join(documentsDir(api), sha256(pdf).slice(0, 2), sha256(pdf));
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const listed = await api.call('GET', `/v1/port-orders/${id}/documents`, { as: 'viewer' });
    expect(listed.body).toEqual({ items: [uploaded.body] });

    const download = await fetch(`${api.url}/v1/port-orders/${id}/documents/${uploaded.body.id}`, { headers: { authorization: `Bearer ${TEST_TOKENS.viewer}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="LOA signed.pdf"; filename*=UTF-8''LOA%20signed.pdf`);
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(sha256(pdf));
  });

  it('R61: the type comes from the content, not the name: a PNG renamed .pdf is a PNG', async () => {
    const id = await newOrder(api);
    const uploaded = await upload(api, id, 'other', makePng(), 'scan.pdf');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.contentType).toBe('image/png');
  });

  it('R61: an executable renamed .pdf is 415 and nothing of it is kept', async () => {
    const id = await newOrder(api);
    const refused = await upload(api, id, 'invoice', executableHead(), 'invoice.pdf');
    expect(refused.status).toBe(415);
    expect(refused.body.error.code).toBe('unsupported_media_type');
    expect((await api.call('GET', `/v1/port-orders/${id}/documents`)).body.items).toEqual([]);
    expect(readdirSync(join(documentsDir(api), 'tmp'))).toEqual([]);
  });

  it('R61: 11 MB is 413, refused while it streams: the process’s memory does not grow with the body size', async () => {
    const id = await newOrder(api);
    const megabytes = (bytes: number) => (bytes / 1048576).toFixed(1);
    // RSS also holds the garbage of the chunks that streamed through until V8 collects it, so one
    // reading says little; what must not happen is growth with the body. 11 MB and 4× that are
    // measured (after a first upload has warmed up what any upload loads once).
    expect((await streamUpload(id, 11 * 1048576)).status).toBe(413);
    const growths: number[] = [];
    for (const size of [11 * 1048576, 44 * 1048576]) {
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
      const answer = await streamUpload(id, size);
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      expect({ status: answer.status, code: answer.body.error.code }).toEqual({ status: 413, code: 'payload_too_large' });
      growths.push(peak - baseline);
      process.stdout.write(`R61 ${megabytes(size)} MB upload, 413: RSS ${megabytes(baseline)} MB → peak ${megabytes(peak)} MB (+${megabytes(peak - baseline)} MB)\n`);
    }
    expect(growths[1]).toBeLessThan(22 * 1048576);
    expect((await api.call('GET', `/v1/port-orders/${id}/documents`)).body.items).toEqual([]);
    expect(readdirSync(join(documentsDir(api), 'tmp'))).toEqual([]);
  });

  it('R61: an LOA, invoice or CSR sets documents.loaSigned / billCopyOnFile / csrReceived, and publishes port_order.document_added', async () => {
    const id = await newOrder(api, usOrderInput({ documents: { csrRequested: true, billCopyOnFile: false, loaSigned: false } }));
    for (const type of ['loa', 'invoice', 'csr']) expect((await upload(api, id, type, makePdf(type), `${type}.pdf`)).status).toBe(201);
    const order = (await api.call('GET', `/v1/port-orders/${id}`)).body;
    expect(order.documents).toMatchObject({ loaSigned: true, billCopyOnFile: true, csrReceived: true });
    const feed = (await api.call('GET', '/v1/events?limit=200')).body.items.filter((entry: { orderId: string }) => entry.orderId === id);
    expect(feed.filter((entry: { type: string }) => entry.type === 'port_order.document_added')).toHaveLength(3);
    expect(feed.find((entry: { type: string }) => entry.type === 'port_order.document_added')).toMatchObject({ seq: null });
  });

  it('R61: a bad type field, a missing file, a JSON body and an unknown order are refused with the reason', async () => {
    const id = await newOrder(api);
    const badType = await upload(api, id, 'passport', makePdf('x'), 'x.pdf');
    expect(badType.status).toBe(400);
    expect(badType.body.error.details.issues[0].path).toBe('type');
    const json = await api.call('POST', `/v1/port-orders/${id}/documents`, { body: { type: 'loa' } });
    expect(json.status).toBe(400);
    expect((await upload(api, 'po_01UNKNOWN', 'loa', makePdf('x'), 'x.pdf')).status).toBe(404);
    expect((await upload(api, id, 'loa', makePdf('x'), 'x.pdf', 'viewer')).status).toBe(403);
  });

  it('R61: DELETE is for ops, and only while the order is draft or rejected', async () => {
    const id = await newOrder(api);
    const document = (await upload(api, id, 'other', makePdf('delete me'), 'x.pdf')).body;
    const path = `/v1/port-orders/${id}/documents/${document.id}`;
    expect((await api.call('DELETE', path, { as: 'integration' })).status).toBe(403);
    expect((await api.call('POST', `/v1/port-orders/${id}/events`, { body: { type: 'SUBMIT' } })).status).toBe(200);
    const locked = await api.call('DELETE', path);
    expect(locked.status).toBe(422);
    expect(locked.body.error.details.code).toBe('document_locked');

    const draft = await newOrder(api);
    const kept = (await upload(api, draft, 'other', makePdf('delete me too'), 'y.pdf')).body;
    expect((await api.call('DELETE', `/v1/port-orders/${draft}/documents/${kept.id}`)).status).toBe(204);
    expect((await api.call('GET', `/v1/port-orders/${draft}/documents/${kept.id}`)).status).toBe(404);
    expect((await api.call('GET', `/v1/port-orders/${draft}/documents`)).body.items).toEqual([]);
  });

  it('R61: with REQUIRE_DOCUMENT_FILES=1, SUBMIT (R25) needs the files behind the flags, not only the flags', async () => {
    const id = await newOrder(strict);
    const refused = await strict.call('POST', `/v1/port-orders/${id}/events`, { body: { type: 'SUBMIT' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toMatchObject({ code: 'submission_incomplete', rule: 'R25', missing: ['documents.billCopyOnFile'], missingFiles: ['invoice'] });
    expect((await upload(strict, id, 'invoice', makePdf('bill'), 'bill.pdf')).status).toBe(201);
    expect((await strict.call('POST', `/v1/port-orders/${id}/events`, { body: { type: 'SUBMIT' } })).body.state).toBe('submitted');
  });

  it('R12: still holds with documents: the PIN appears in no key or value the upload wrote', async () => {
    const pin = '86427531';
    const id = await newOrder(api, wirelessOrderInput(pin));
    expect((await upload(api, id, 'loa', makePdf('wireless LOA'), 'loa.pdf')).status).toBe(201);
    const values = await dumpValues(api.harness.services.redis, [`${api.harness.config.KEY_PREFIX}:*`]);
    expect(values.some((value) => value.includes(pin))).toBe(false);
    const listed = JSON.stringify((await api.call('GET', `/v1/port-orders/${id}/documents`)).body);
    expect(listed).not.toContain(pin);
    expect(existsSync(documentsDir(api))).toBe(true);
  });
});
