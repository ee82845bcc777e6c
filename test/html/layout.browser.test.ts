/**
 * The HTML report at 1280 px in chromium: the page never scrolls sideways; a diagram with a
 * handful of lanes fits its box, a wider one scrolls inside it; the triage page's per-file
 * details open with a click.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';
import { formatReport } from '../../src/report/formatters/index.js';
import type { Report, TimelineEntry } from '../../src/report/types.js';
import { main } from '../../src/cli/main.js';
import { createFakeIo } from '../helpers/fake-io.js';
import { blockedReport } from '../cli-fixtures.js';

const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('HTML layout at 1280 px (chromium)', () => {
  let browser: BrowserContext;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sipe-doctor-layout-'));
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function measure(file: string): Promise<{ page: number; box: number; content: number }> {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    // (runs in the page: its DOM, not this file's types)
    const m = (await page.evaluate(`(() => {
      const d = document.querySelector('.diagram');
      return { page: document.documentElement.scrollWidth, box: d.clientWidth, content: d.scrollWidth };
    })()`)) as { page: number; box: number; content: number };
    await page.close();
    return m;
  }

  it('a real log: no sideways page scroll, the diagram fits its box', async () => {
    const out = join(dir, 'a.html');
    await main(['analyze', resolve('fixtures/logs/debian12-libxml2-webticket.log'), '--format', 'html', '-o', out], createFakeIo());
    const m = await measure(out);
    expect(m.page).toBeLessThanOrEqual(1280);
    expect(m.content).toBeLessThanOrEqual(m.box);
  }, 60_000);

  it('ten servers: the page still fits, the diagram scrolls inside its box', async () => {
    const r = blockedReport();
    const timeline: TimelineEntry[] = Array.from({ length: 10 }, (_, i) => ({ kind: 'tcp.connect', step: 'network', status: 'ok', label: `TCP connect host${i}.corp.example:5061 → ok`, peer: `host${i}.corp.example:5061`, evidence: [] }));
    const out = join(dir, 'wide.html');
    writeFileSync(out, formatReport({ ...r, timeline } as Report, 'html', { color: false, verbose: false }));
    const m = await measure(out);
    expect(m.page).toBeLessThanOrEqual(1280);
    expect(m.content).toBeGreaterThan(m.box);
  }, 60_000);

  it('triage: a file row opens its evidence and steps', async () => {
    const out = join(dir, 't.html');
    await main(['triage', resolve('fixtures/logs/sample-ua-blocked-403.log'), '--format', 'html', '-o', out], createFakeIo());
    expect(readFileSync(out, 'utf8')).toContain('file-detail');
    const page = await browser.newPage();
    await page.goto(pathToFileURL(out).href);
    const details = page.locator('details.file-detail').first();
    expect(await details.locator('h4').first().isVisible()).toBe(false);
    await details.locator('summary').click();
    expect(await details.locator('h4').first().isVisible()).toBe(true);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
    await page.close();
  }, 60_000);
});
