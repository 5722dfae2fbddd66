import { mkdtemp, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeMail, createTransport, listDevMailbox } from '../../src/mail';
import { decodeEncodedWords } from '../../src/mail/emlHeaders';
import { orderFixture } from './orderFixture';

describe('dev mailbox (SPEC §6)', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'portflow-mail-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  function messageFor(entryId: string, reference: string) {
    const order = orderFixture();
    order.order.customerReference = reference;
    return composeMail({
      entry: { id: entryId, orderId: order.id, effect: { type: 'mail', template: 'submitted', to: 'contacts' } },
      order,
      from: 'portflow <portflow@localhost>',
      opsEmail: 'porting-ops@localhost',
      dtstamp: '2026-12-10T15:04:05.000Z',
    });
  }

  it('SPEC §6: without SMTP_URL a mail is written as one .eml per Message-ID under DATA_DIR/mail and listed', async () => {
    const transport = createTransport({ SMTP_URL: undefined, DATA_DIR: dataDir });
    await transport.sendMail(messageFor('po_A:1:0', 'PO-1'));
    await transport.sendMail(messageFor('po_A:1:0', 'PO-1')); // a retry overwrites its own file
    expect(await readdir(join(dataDir, 'mail'))).toEqual(['po_A.1.0@localhost.eml']);

    const raw = await readFile(join(dataDir, 'mail', 'po_A.1.0@localhost.eml'), 'utf8');
    expect(raw).toMatch(/^Content-Type: text\/plain; charset=utf-8\r$/m);

    const [entry] = await listDevMailbox(dataDir);
    expect(entry).toEqual({
      file: 'po_A.1.0@localhost.eml',
      messageId: '<po_A.1.0@localhost>',
      subject: '[po_01JTESTORDER0000000000000 / PO-1] Port order submitted to Acme Telco',
      to: 'jane@example.com, bob@example.com',
      date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/),
    });
  });

  it('R55: dev mailbox files are readable by the owner only (0600, in a 0700 folder)', async () => {
    const transport = createTransport({ SMTP_URL: undefined, DATA_DIR: dataDir });
    await transport.sendMail(messageFor('po_A:1:0', 'PO-1'));
    const [file] = await readdir(join(dataDir, 'mail'));
    expect((await stat(join(dataDir, 'mail', file))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'mail'))).mode & 0o777).toBe(0o700);
  });

  it('SPEC §6: the listing is newest first and decodes non-ASCII subjects', async () => {
    const transport = createTransport({ SMTP_URL: undefined, DATA_DIR: dataDir });
    await transport.sendMail(messageFor('po_A:1:0', 'Bestellung Müller – Zürich'));
    await transport.sendMail(messageFor('po_A:2:0', 'PO-2'));
    // File times decide the order; set them apart explicitly rather than trusting the write order.
    await utimes(join(dataDir, 'mail', 'po_A.1.0@localhost.eml'), new Date('2026-01-02'), new Date('2026-01-02'));
    await utimes(join(dataDir, 'mail', 'po_A.2.0@localhost.eml'), new Date('2026-01-01'), new Date('2026-01-01'));

    const listed = await listDevMailbox(dataDir);
    expect(listed.map((entry) => entry.file)).toEqual(['po_A.1.0@localhost.eml', 'po_A.2.0@localhost.eml']);
    expect(listed[0].subject).toBe('[po_01JTESTORDER0000000000000 / Bestellung Müller – Zürich] Port order submitted to Acme Telco');
  });

  it('SPEC §6: an empty or missing mailbox lists nothing', async () => {
    await expect(listDevMailbox(join(dataDir, 'never-created'))).resolves.toEqual([]);
  });

  it('decodes RFC 2047 words split inside a multi-byte character', () => {
    // "ü" is C3 BC; a sender may cut between the two bytes.
    expect(decodeEncodedWords('=?UTF-8?Q?M=C3?= =?UTF-8?Q?=BCller?= and =?utf-8?B?WsO8cmljaA==?=')).toBe('Müller and Zürich');
  });
});
