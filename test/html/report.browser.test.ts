/**
 * The HTML report in a real browser (Debian's chromium via playwright-core): it renders, has the
 * verdict, one diagram lane per peer, a highlighted failing arrow, makes no network request, and
 * runs no injected script. Screenshots go to test-results/ (gitignored) for a human look.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { main } from '../../src/cli/main.js';
import { createFakeIo } from '../helpers/fake-io.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const RESULTS = resolve('test-results');
const LOG = resolve('fixtures/logs/sample-ua-blocked-403.log');
const DNS_LOG = resolve('fixtures/logs/dns-no-sip-records.log');

if (!HAVE_CHROMIUM) {
  // eslint-disable-next-line no-console
  console.warn(`test/html: skipped: ${CHROMIUM} is missing (apt-get install chromium; CI installs it)`);
}

describe.skipIf(!HAVE_CHROMIUM)('HTML report in chromium', () => {
  let browser: BrowserContext;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sipe-doctor-html-'));
    mkdirSync(RESULTS, { recursive: true });
    // a new, empty profile directory for every run
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function render(args: string[], out: string): Promise<{ page: Page; requests: string[]; errors: string[]; dialogs: string[] }> {
    const io = createFakeIo();
    const code = await main([...args, '--format', 'html', '--output', out], io);
    expect(io.err()).toContain('report written to');
    expect([0, 1]).toContain(code);
    const page = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    const dialogs: string[] = [];
    const url = pathToFileURL(out).href;
    page.on('request', (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url, { waitUntil: 'load' });
    return { page, requests, errors, dialogs };
  }

  it('shows the verdict, the remediation and a ladder with one lane per peer', async () => {
    const out = join(dir, 'blocked.html');
    const { page, requests, errors } = await render(['analyze', LOG], out);
    await expect(page.locator('#verdict').innerText()).resolves.toMatch(/client version/i);
    expect(await page.locator('#verdict').isVisible()).toBe(true);
    await expect(page.locator('#remediation').innerText()).resolves.toContain('User Agent');

    const lanes = await page.locator('svg.ladder g.lane').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-lane')));
    expect(lanes).toEqual(['Pidgin/SIPE', '127.0.0.1:5062']);
    const failing = page.locator('svg.ladder g.row.failing');
    expect(await failing.count()).toBeGreaterThan(0);
    const failingLabel = await page.locator('svg.ladder g.row.failing line.arrow').first().evaluate((l) => (globalThis as unknown as { getComputedStyle(e: unknown): { stroke: string } }).getComputedStyle(l).stroke);
    expect(failingLabel).toMatch(/rgb\((198|255), (40|107), (40|107)\)/); // the red of --fail (light or dark scheme)
    expect(await page.locator('svg.ladder .fail-marker').count()).toBe(1);

    // clicking the failing arrow highlights its timeline row
    await failing.last().click();
    expect(await page.locator('#timeline tr.hl').count()).toBe(1);

    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(RESULTS, 'html-report-blocked.png'), fullPage: true });
    await page.close();
  });

  it('draws DNS as a lane; hosts that never resolved get no lane (their attempts are notes in the client)', async () => {
    const out = join(dir, 'dns.html');
    const { page, requests } = await render(['analyze', DNS_LOG], out);
    const lanes = await page.locator('svg.ladder g.lane').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-lane')));
    expect(lanes[0]).toBe('Pidgin/SIPE');
    expect(lanes).toContain('dns');
    expect(lanes).not.toContain('nonexistent.invalid:5061'); // no message reached it: its name did not resolve
    expect(await page.locator('svg.ladder rect.note').count()).toBeGreaterThan(0);
    expect(new Set(lanes).size).toBe(lanes.length);
    expect(await page.locator('svg.ladder g.row.failing').count()).toBeGreaterThan(0);
    expect(requests).toEqual([]);
    await page.screenshot({ path: join(RESULTS, 'html-report-dns.png'), fullPage: true });
    const box = await page.locator('#sequence').boundingBox();
    if (box) await page.screenshot({ path: join(RESULTS, 'html-report-dns-diagram.png'), fullPage: true, clip: { x: 0, y: box.y, width: 1400, height: Math.min(box.height, 760) } });
    await page.close();
  });

  it('hostile log content neither runs nor fetches anything', async () => {
    const hostile = join(dir, 'hostile.log');
    const { readFileSync } = await import('node:fs');
    const evil = `<script>alert('xss')</script><img src="http://198.51.100.7/x.png" onerror="alert(2)">`;
    // the server's Warning text and the client error reach the verdict, findings and timeline
    writeFileSync(hostile, readFileSync(LOG, 'utf8').split('You are currently not using the recommended version of the client').join(evil));
    const out = join(dir, 'hostile.html');
    const { page, requests, dialogs, errors } = await render(['analyze', hostile], out);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toContain("<script>alert('xss')");
    expect(html).toContain('&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
