import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TEST_TOKENS } from '../support/harness';
import { usOrderInput } from '../support/orderInputs';
import { portingDayFrom } from '../support/sandboxDates';
import { artifact, BROWSER_WAIT_MS, launchChromium, seriousAxeViolations } from './support/browser';
import { startConsoleStack, type ConsoleStack } from './support/consoleStack';

/**
 * R66: the console in a real Chromium, driven as a person would (keyboard where it matters), against a
 * whole portflow (API, workers, dev mailbox, sandbox clock). Every page is checked with axe-core.
 */

const ZONE = 'America/Denver';
let stack: ConsoleStack;
let browser: Browser;
let orderId: string;
let number: string;
let monday: DateTime;
let portDay: DateTime;
let offHoursOrderId: string;

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

async function signIn(context: BrowserContext, token: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${stack.url}/console`);
  expect(new URL(page.url()).pathname).toBe('/console/sign-in');
  // Keyboard only: the key field has the focus, Enter submits. Autofocus lands after load, so wait for it
  // (typing before it did lost the key on a loaded machine: the viewer's sign-in once timed out).
  await page.waitForFunction(`document.activeElement?.id === 'key'`);
  await page.keyboard.type(token);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${stack.url}/console`);
  return page;
}

beforeAll(async () => {
  stack = await startConsoleStack();
  browser = await launchChromium();
  const now = DateTime.fromISO((await stack.call('GET', '/v1/sandbox/clock')).body.now).setZone(ZONE);
  // A Monday at least two days ahead, and the porting day after it (a Tuesday unless it is a holiday).
  monday = now.plus({ days: 2 }).startOf('day');
  while (monday.weekday !== 1) monday = monday.plus({ days: 1 });
  portDay = portingDayFrom(monday.plus({ days: 1 }));
  const input = usOrderInput();
  number = input.numbers[0];
  const created = await stack.call('POST', '/v1/port-orders', input);
  orderId = created.body.id;
  await stack.call('POST', `/v1/port-orders/${orderId}/events`, { type: 'SUBMIT' });
  const foc = await stack.call('POST', `/v1/port-orders/${orderId}/events`, { type: 'CONFIRM_FOC', focDate: monday.toISODate() });
  expect(foc.body.state).toBe('focConfirmed');

  // Another order, scheduled off-hours on the Saturday of that week (R16: asked for, 48 h ahead).
  const saturday = monday.plus({ days: 5 }).set({ hour: 9 });
  offHoursOrderId = (await stack.call('POST', '/v1/port-orders', usOrderInput())).body.id;
  await stack.call('POST', `/v1/port-orders/${offHoursOrderId}/events`, { type: 'SUBMIT' });
  await stack.call('POST', `/v1/port-orders/${offHoursOrderId}/events`, { type: 'CONFIRM_FOC', focDate: monday.toISODate() });
  const offHours = await stack.call('POST', `/v1/port-orders/${offHoursOrderId}/events`, { type: 'SCHEDULE', startAt: saturday.toISO(), offHours: true });
  expect(offHours.body.schedule).toMatchObject({ offHours: true, offHoursFee: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('R66: the console', () => {
  let ops: BrowserContext;
  let page: Page;
  /** Every request the browser made anywhere but the portflow under test (a CDN, a font service…). */
  const elsewhere: string[] = [];

  beforeAll(async () => {
    ops = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    ops.setDefaultTimeout(BROWSER_WAIT_MS);
    ops.on('request', (request) => {
      if (!request.url().startsWith(stack.url) && !/^(data|about|blob):/.test(request.url())) elsewhere.push(request.url());
    });
  });
  afterAll(async () => ops?.close());

  it('R66: sign-in with an API key sets an httpOnly, SameSite=Strict session cookie; the sign-in page and board pass axe', async () => {
    const signInPage = await ops.newPage();
    await signInPage.goto(`${stack.url}/console/sign-in`);
    await expectAccessible(signInPage);
    await signInPage.fill('#key', 'not-a-key-0123456789');
    await signInPage.keyboard.press('Enter');
    await expect(signInPage.getByRole('alert').textContent()).resolves.toContain('not a portflow API key');
    await signInPage.close();

    page = await signIn(ops, TEST_TOKENS.ops);
    const [cookie] = await ops.cookies();
    expect(cookie).toMatchObject({ name: 'portflow_session', httpOnly: true, sameSite: 'Strict', secure: false });
    await expectAccessible(page);
  }, 120_000);

  it('R66: the board shows orders by state with counts, and finds the order by its number', async () => {
    await expect(page.locator('nav.states a', { hasText: 'FOC confirmed' }).textContent()).resolves.toMatch(/FOC confirmed\s*1/);
    if (await page.locator('#f-number').count()) {
      await page.fill('#f-number', number);
      await page.keyboard.press('Enter');
      await page.waitForURL(/number=/);
    }
    await page.screenshot({ path: artifact('board-one-order.png') });
    const row = page.locator('table.orders tbody tr', { hasText: number });
    await expect(row.count()).resolves.toBe(1);
    await row.getByRole('link', { name: orderId }).click();
    await page.waitForURL(`${stack.url}/console/orders/${orderId}`);
    await expect(page.locator('h1').textContent()).resolves.toContain(orderId);
  }, 120_000);

  it('R66: the order page shows the machine drawn from its definition with the current state, and passes axe', async () => {
    await expect(page.locator('svg.machine .state.current text.name').textContent()).resolves.toBe('FOC confirmed');
    await expect(page.locator('svg.machine .state').count()).resolves.toBeGreaterThan(10);
    await expectAccessible(page);
  }, 120_000);

  it('R66, R15, R32: SCHEDULE through the form: the live check and the API refuse a Monday in words, a Tuesday is accepted', async () => {
    // Keyboard: focus the SCHEDULE summary and open it with Enter.
    await page.focus('#act-SCHEDULE summary');
    await page.keyboard.press('Enter');
    await page.fill('#SCHEDULE-startAt', `${monday.toISODate()}T10:00`);
    await expect(page.locator('#act-SCHEDULE [data-check-result]')).toBeTruthy();
    await page.waitForFunction(`document.querySelector('#act-SCHEDULE [data-check-result]').textContent.includes('Mondays are blocked')`);
    await page.click('#act-SCHEDULE button[value=send]');
    await page.waitForLoadState();
    await expect(page.locator('#act-SCHEDULE [role=alert]').textContent()).resolves.toMatch(/Mondays are blocked.*monday_blocked/);

    await page.fill('#SCHEDULE-startAt', `${portDay.toISODate()}T10:00`);
    await page.waitForFunction(`document.querySelector('#act-SCHEDULE [data-check-result]').textContent.includes('Allowed')`);
    await page.click('#act-SCHEDULE button[value=send]');
    await page.waitForURL(/done=SCHEDULE/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('SCHEDULE accepted');
    await expect(page.locator('svg.machine .state.current text.name').textContent()).resolves.toBe('Scheduled');
    await expect(page.locator('#port-heading + dl').textContent()).resolves.toContain('10:00');
    await expectAccessible(page);
    await page.screenshot({ path: artifact('order.png'), fullPage: true });
    // The whole diagram, on a page of its own (on the order page it scrolls sideways in its box).
    const svg = (await page.evaluate(`document.querySelector('svg.machine').outerHTML`)) as string;
    const alone = await ops.newPage();
    await alone.setViewportSize({ width: 2900, height: 600 });
    await alone.setContent(`<link rel="stylesheet" href="${stack.url}/console/assets/console.css"><div class="diagram" style="display:inline-block">${svg}</div>`);
    await alone.locator('.diagram').screenshot({ path: artifact('machine.png') });
    await alone.close();
  }, 120_000);

  it('R66, R16: the calendar week shades Mondays, shows capacity left, the booked slot and the off-hours ports, and passes axe', async () => {
    await page.goto(`${stack.url}/console/calendar?from=${portDay.toISODate()}&order=${orderId}`);
    await expect(page.locator('thead th.closed', { hasText: 'Monday' }).count()).resolves.toBe(1);
    const saturday = page.locator('thead th', { hasText: 'Sat' });
    await expect(saturday.locator('ul.offhours a').textContent()).resolves.toBe('09:00 off-hours');
    await expect(saturday.locator('ul.offhours a').getAttribute('href')).resolves.toBe(`/console/orders/${offHoursOrderId}`);
    const booked = page.locator('td.open.mine');
    await expect(booked.textContent()).resolves.toBe('3 left · this order');
    await expectAccessible(page);
    await page.screenshot({ path: artifact('calendar.png'), fullPage: true });
  }, 120_000);

  it('R66, R33: the invite is readable in the dev mailbox', async () => {
    await page.goto(`${stack.url}/console/mailbox`);
    const invite = page.getByRole('link', { name: new RegExp(`${orderId}.*scheduled`, 'i') });
    for (let i = 0; i < 100 && (await invite.count()) === 0; i++) {
      await new Promise((done) => setTimeout(done, 100));
      await page.reload();
    }
    await expectAccessible(page);
    await invite.first().click();
    await expect(page.locator('h2', { hasText: 'Meeting invite' }).count()).resolves.toBe(1);
    await expect(page.locator('.card').textContent()).resolves.toContain('REQUEST');
    await expect(page.locator('.card').textContent()).resolves.toContain(`(${portDay.toFormat('ccc d LLL yyyy')}, 10:00 M`);
    await expectAccessible(page);
    await page.screenshot({ path: artifact('mail.png'), fullPage: true });
  }, 120_000);

  it('R60, R66: a note is added from the order page (when the notes route exists)', async () => {
    await page.goto(`${stack.url}/console/orders/${orderId}`);
    if ((await page.locator('#add-note').count()) === 0) {
      console.log('R66 note step skipped: GET /v1/port-orders/:id/notes answers 404 (the desk routes have not landed), so the console hides notes');
      expect((await stack.call('GET', `/v1/port-orders/${orderId}/notes`)).status).toBe(404);
      return;
    }
    await page.click('#add-note summary');
    await page.fill('#note-text', 'Customer asked for a 10:00 port; confirmed by phone.');
    await page.click('#add-note button[type=submit]');
    await page.waitForURL(/done=note/);
    await expect(page.locator('.timeline .kind-note').first().textContent()).resolves.toContain('confirmed by phone');
  }, 120_000);

  it('R61, R66: an LOA is uploaded from the order page', async () => {
    // A fresh draft without the LOA flag: only draft and rejected orders take the flag an upload sets (R61).
    const input = usOrderInput();
    const draft = await stack.call('POST', '/v1/port-orders', { ...input, documents: { ...input.documents, loaSigned: false } });
    expect(draft.body).toMatchObject({ state: 'draft', documents: { loaSigned: false } });
    const draftId: string = draft.body.id;
    await page.goto(`${stack.url}/console/orders/${draftId}`);
    await expect(page.locator('#documents-heading + p').textContent()).resolves.toContain('No documents yet');

    // Refusals in words, on the page: content that is no accepted format (415), a file over 10 MB (413).
    const upload = async (file: { name: string; mimeType: string; buffer: Buffer }, type = 'loa') => {
      await page.selectOption('#document-type', type);
      await page.setInputFiles('#document-file', file);
      await page.click('#upload-document button[type=submit]');
    };
    await upload({ name: 'loa.pdf', mimeType: 'application/pdf', buffer: Buffer.from('plain text dressed up as a PDF\n') }, 'csr');
    await page.waitForURL(`${stack.url}/console/orders/${draftId}/documents`);
    await page.locator('#upload-document [role=alert]', { hasText: 'not a PDF, PNG, JPEG or TIFF' }).waitFor();
    await expect(page.locator('#document-type').inputValue()).resolves.toBe('csr'); // the refused form keeps its choice
    await page.locator('.documents-panel').screenshot({ path: artifact('order-document-refused.png') });
    await upload({ name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024)]) });
    await page.locator('#upload-document [role=alert]', { hasText: 'larger than 10 MB' }).waitFor();
    // A body the form never sends (a third field): refused in words, not a fault.
    const [cookie] = await ops.cookies();
    const odd = new FormData();
    odd.append('_csrf', (await page.locator('#upload-document input[name=_csrf]').getAttribute('value'))!);
    odd.append('type', 'loa');
    odd.append('extra', 'x');
    odd.append('file', new Blob(['%PDF-1.4\n']), 'loa.pdf');
    const refused = await fetch(`${stack.url}/console/orders/${draftId}/documents`, { method: 'POST', headers: { cookie: `${cookie.name}=${cookie.value}` }, body: odd });
    expect(refused.status).toBe(413);
    expect(await refused.text()).toContain('The upload could not be read');
    expect((await stack.call('GET', `/v1/port-orders/${draftId}/documents`)).body.items).toEqual([]);

    // A small real PDF, uploaded as the LOA.
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    await upload({ name: 'signed-loa.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.waitForURL(/done=document/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Document uploaded');
    const row = page.locator('table.documents tbody tr', { hasText: 'signed-loa.pdf' });
    await expect(row.count()).resolves.toBe(1);
    await expect(row.locator('td').first().textContent()).resolves.toBe('loa');
    await expectAccessible(page);
    await page.screenshot({ path: artifact('order-documents.png'), fullPage: true });
    await page.locator('.documents-panel').screenshot({ path: artifact('documents.png') });

    // Through the API: the flag is set, and the link downloads the same bytes (the browser's session cookie).
    const order = await stack.call('GET', `/v1/port-orders/${draftId}`);
    expect(order.body.documents.loaSigned).toBe(true);
    const href = await row.getByRole('link', { name: 'signed-loa.pdf' }).getAttribute('href');
    const download = await ops.request.get(`${stack.url}${href}`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toBe('application/pdf');
    expect(Buffer.compare(await download.body(), pdf)).toBe(0);
  }, 120_000);

  it('R66: bull-board is at /admin/queues for ops', async () => {
    const answer = await page.goto(`${stack.url}/admin/queues`);
    expect(answer?.status()).toBe(200);
    await expect(page.title()).resolves.toMatch(/Bull/i);
  }, 120_000);

  it('R66: sign-out ends the session: the console asks to sign in again and the API refuses the old cookie', async () => {
    await page.goto(`${stack.url}/console`);
    const [cookie] = await ops.cookies();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${stack.url}/console/sign-in`);
    await page.goto(`${stack.url}/console`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    const replay = await fetch(`${stack.url}/v1/port-orders`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
    expect(replay.status).toBe(401);
  }, 120_000);

  it('R66: nothing came from a CDN: every request of the pages above went to portflow itself', () => {
    expect(elsewhere).toEqual([]);
  });
});

describe('R66: roles', () => {
  it('R66: a viewer sees the order but no action buttons, and no queues', async () => {
    const viewer = await browser.newContext({ viewport: { width: 820, height: 1100 } });
    viewer.setDefaultTimeout(BROWSER_WAIT_MS);
    try {
      const page = await signIn(viewer, TEST_TOKENS.viewer);
      // Tablet width: the page itself never scrolls sideways (wide tables scroll in their own box).
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      await page.goto(`${stack.url}/console/orders/${orderId}`);
      await expect(page.locator('form[action$="/events"]').count()).resolves.toBe(0);
      await expect(page.locator('main button').count()).resolves.toBe(0);
      await expect(page.locator('#documents-heading').count()).resolves.toBe(1);
      await expect(page.locator('main input[type=file], form[action$="/documents"]').count()).resolves.toBe(0);
      await expect(page.locator('#actions-heading + p').textContent()).resolves.toContain('viewer role can read only');
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      await expectAccessible(page);
      const queues = await page.goto(`${stack.url}/admin/queues`);
      expect(queues?.status()).toBe(403);
    } finally {
      await viewer.close();
    }
  }, 120_000);

  it('R66: a write with the session cookie but without its CSRF token is refused (403 csrf_token_invalid)', async () => {
    const context = await browser.newContext();
    try {
      await signIn(context, TEST_TOKENS.ops);
      const [cookie] = await context.cookies();
      const forged = await fetch(`${stack.url}/v1/port-orders/${orderId}/events`, {
        method: 'POST',
        headers: { cookie: `${cookie.name}=${cookie.value}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'CANCEL', reason: 'forged' }),
      });
      expect(forged.status).toBe(403);
      expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('csrf_token_invalid');
      // The console's upload form checks the token itself (it is read from the multipart body, before the file).
      const form = new FormData();
      form.append('_csrf', 'forged');
      form.append('type', 'loa');
      form.append('file', new Blob(['%PDF-1.4\n']), 'loa.pdf');
      const upload = await fetch(`${stack.url}/console/orders/${orderId}/documents`, { method: 'POST', headers: { cookie: `${cookie.name}=${cookie.value}` }, body: form });
      expect(upload.status).toBe(403);
      expect((await stack.call('GET', `/v1/port-orders/${orderId}/documents`)).body.items).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
