import fc from 'fast-check';
import { apiEventSchema } from '../../src/orders/events';
import { formatPath, fromZodIssues } from '../../src/orders/issues';
import { orderInputSchema } from '../../src/orders/orderInput';
import { SettableClock } from '../../src/clock/clock';
import { expectError, startApiHarness, type ApiHarness } from '../support/apiHarness';
import { TEST_TOKENS } from '../support/harness';
import { usOrderInput } from '../support/orderInputs';

/**
 * R52: single-line text refuses C0/C1 controls, bidi overrides and lone surrogates; multi-line text
 * (reasons, details) allows LF only; conferenceBridge is an https URL or a dial string; a body that is
 * not UTF-8 is 400. The rule sits in the zod building blocks, so every field of those kinds has it.
 */

const c0 = fc.integer({ min: 0x00, max: 0x1f }).map((code) => String.fromCharCode(code));
const c1 = fc.integer({ min: 0x7f, max: 0x9f }).map((code) => String.fromCharCode(code));
const bidi = fc.constantFrom('\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069');
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const forbiddenInOneLine = fc.oneof(c0, c1, bidi, loneSurrogate);
/** What multi-line text still refuses: everything above but LF. */
const forbiddenInParagraphs = forbiddenInOneLine.filter((ch) => ch !== '\n');

/** Every single-line text field of an order, as a path into `usOrderInput()`. */
const orderLines = [
  ['losingCarrier'],
  ['customerReference'],
  ['account', 'companyName'],
  ['account', 'authorizedApprover'],
  ['account', 'accountNumber'],
  ['account', 'serviceAddress', 'line1'],
  ['account', 'serviceAddress', 'city'],
  ['account', 'serviceAddress', 'region'],
  ['account', 'serviceAddress', 'postalCode'],
  ['contacts', 0, 'name'],
] as const;

function withValue(input: Record<string, any>, path: readonly (string | number)[], value: string): Record<string, any> {
  let node = input;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path[path.length - 1]] = value;
  return input;
}

function issuesOf(schema: { safeParse: (input: unknown) => any }, input: unknown) {
  const parsed = schema.safeParse(input);
  return parsed.success ? [] : fromZodIssues(parsed.error.issues).map(({ path, code }) => ({ path, code }));
}

describe('R52: single-line fields of an order (fast-check)', () => {
  it('R52: a control character, bidi override or lone surrogate inside any single-line field is refused at that field', () => {
    fc.assert(
      fc.property(fc.constantFrom(...orderLines), forbiddenInOneLine, (path, bad) => {
        const input = withValue(usOrderInput(), path, `Acme${bad}Corp`);
        expect(issuesOf(orderInputSchema, input)).toEqual([{ path: formatPath(path), code: 'invalid_characters' }]);
      }),
      { numRuns: 300 },
    );
  });

  it('R52: ordinary text (accents, CJK, emoji, paired surrogates) still passes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...orderLines), fc.constantFrom('Zoë Müller', '東京電話', 'Ünïcode 😀 Ltd', "O'Brien & Co."), (path, good) => {
        expect(issuesOf(orderInputSchema, withValue(usOrderInput(), path, good))).toEqual([]);
      }),
    );
  });
});

describe('R52: text of events', () => {
  const scheduleAt = '2026-12-16T16:00:00Z';

  it('R52: a reason may span lines with LF, never with CR or another control', () => {
    expect(issuesOf(apiEventSchema, { type: 'CANCEL', reason: 'customer withdrew\nsee ticket 42' })).toEqual([]);
    fc.assert(
      fc.property(forbiddenInParagraphs, (bad) => {
        expect(issuesOf(apiEventSchema, { type: 'NOT_READY', reason: `PBX${bad}not ready` })).toEqual([{ path: 'reason', code: 'invalid_characters' }]);
      }),
      { numRuns: 200 },
    );
  });

  it('R52: single-line event fields (confirmedBy, a rejection code) refuse a line feed', () => {
    expect(issuesOf(apiEventSchema, { type: 'CONFIRM_READY', confirmedBy: 'Jane\nFrom: ops@evil.example' })).toEqual([{ path: 'confirmedBy', code: 'invalid_characters' }]);
    expect(issuesOf(apiEventSchema, { type: 'REJECT', reason: 'BTN mismatch', code: '6P\u202E' })).toEqual([{ path: 'code', code: 'invalid_characters' }]);
  });

  it.each(['https://meet.example.com/port-1182', 'tel:+1-303-555-0100;ext=12', '+13035550100,,1234#', '3035550100;*9'])(
    'R52: conferenceBridge %s is accepted',
    (bridge) => {
      expect(issuesOf(apiEventSchema, { type: 'SCHEDULE', startAt: scheduleAt, conferenceBridge: bridge })).toEqual([]);
    },
  );

  it.each(['javascript:alert(1)', 'http://meet.example.com/x', 'data:text/html,<b>x</b>', 'tel:javascript', 'call me maybe', 'https://meet.example.com/\r\nX: y', 'ftp://files.example.com/'])(
    'R52: conferenceBridge %j is refused',
    (bridge) => {
      expect(issuesOf(apiEventSchema, { type: 'RESCHEDULE', startAt: scheduleAt, conferenceBridge: bridge }).map((i) => i.path)).toEqual(['conferenceBridge']);
    },
  );
});

describe('R52 over HTTP', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness({ clock: new SettableClock('2026-12-01T16:00:00Z') });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('R52: a body that is not valid UTF-8 is 400 invalid_utf8 and creates nothing', async () => {
    const json = Buffer.from(JSON.stringify(usOrderInput({ losingCarrier: 'Acme XX' })));
    const at = json.indexOf('XX');
    json[at] = 0xc3; // a lead byte…
    json[at + 1] = 0x28; // …not followed by a continuation byte
    const response = await fetch(`${api.url}/v1/port-orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKENS.ops}`, 'content-type': 'application/json' },
      body: json,
    });
    expectError({ status: response.status, body: await response.json(), headers: response.headers }, 400, 'invalid_utf8');
    expect((await api.call('GET', '/v1/port-orders', { as: 'viewer' })).body.items).toEqual([]);
  });

  it('R52: NUL and ESC in a company name are 400 naming the field', async () => {
    const input = usOrderInput();
    input.account.companyName = 'Acme\u0000\u001b[31m';
    const details = expectError(await api.call('POST', '/v1/port-orders', { body: input }), 400, 'validation_failed');
    expect(details.issues).toEqual([expect.objectContaining({ path: 'account.companyName', code: 'invalid_characters' })]);
  });
});
