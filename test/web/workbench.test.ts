// Drives the built browser app against a real `hotline serve` with
// Debian's Chromium. Needs /usr/bin/chromium and web/dist (built by
// `npm run build:web`, which `npm install` runs through `prepare`).
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServer, stopServer } from './serve-process.ts';

const chromiumPath = '/usr/bin/chromium';
const artifacts = join(process.cwd(), 'test-artifacts', 'web');
const markup = '<img src=x onerror=alert(1)>';
/** The first preview loads the model on the server, so allow time. */
const poll = { timeout: 15_000 };
const username = 'duty.admin';
const password = 'correct horse battery 12345';

let workDirectory = '';
let server: ChildProcess | undefined;
let baseUrl = '';
let browser: Browser | undefined;
let page: Page;
const dialogs: string[] = [];
const pageErrors: string[] = [];
let createdId = 0;
let correctedCategory = '';

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
}

describe('workbench in Chromium', () => {
  beforeAll(async () => {
    expect(
      existsSync('web/dist/index.html'),
      'web/dist is missing: run npm run build:web',
    ).toBe(true);
    expect(existsSync(chromiumPath), `${chromiumPath} is missing`).toBe(true);
    mkdirSync(artifacts, { recursive: true });
    workDirectory = mkdtempSync(join(tmpdir(), 'hotline-web-'));
    const database = join(workDirectory, 'hotline.db');
    await runCli([
      'users',
      'add',
      username,
      '--role',
      'admin',
      '--db',
      database,
      '--password-stdin',
    ], `${password}\n`);
    const started = await startServer(database);
    server = started.child;
    baseUrl = started.baseUrl;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Nothing may load from outside the server under test.
    await context.route('**/*', (route) =>
      route.request().url().startsWith(baseUrl)
        ? route.continue()
        : route.abort(),
    );
  });

  afterAll(async () => {
    await browser?.close();
    if (server !== undefined) await stopServer(server);
    if (workDirectory !== '') {
      rmSync(workDirectory, { recursive: true, force: true });
    }
  });

  it('logs in', async () => {
    await page.goto(`${baseUrl}/intake`);
    await page.waitForURL(/\/login/);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/intake/);
    await expect(page.locator('.app-header').textContent()).resolves.toContain(
      username,
    );
  });

  it('fills intake fields while typing', async () => {
    await page.fill('input[name=title]', '小区门口路灯不亮');
    await page.fill(
      'textarea[name=body]',
      '长沙市岳麓区麓山路阳光小区门口的路灯坏了一个多月，晚上很黑，' +
        '老人孩子出行不安全，请有关部门尽快维修。',
    );
    const category = page.locator('input[name=category]');
    await expect.poll(() => category.inputValue(), poll).not.toBe('');
    const department = page.locator('input[name=department]');
    await expect.poll(() => department.inputValue(), poll).not.toBe('');
    const summary = page.locator('[data-field=summary]');
    await expect.poll(async () => (await summary.textContent())?.trim(), poll)
      .toBeTruthy();
    await expect(
      page.locator('[data-field=confidence]').textContent(),
    ).resolves.toMatch(/\d+%/);
    await screenshot('intake');
  });

  it('submits with a corrected category', async () => {
    const category = page.locator('input[name=category]');
    const modelCategory = await category.inputValue();
    const options = await page
      .locator('#intake-category-options option')
      .evaluateAll((nodes) =>
        nodes.map((node) => node.getAttribute('value') ?? ''),
      );
    correctedCategory =
      options.find((option) => option !== modelCategory) ?? '市政设施';
    await category.fill(correctedCategory);
    await page.click('form.intake-form button[type=submit]');
    const created = page.locator('[data-state=created]');
    await created.waitFor();
    const link = await created.locator('a').getAttribute('href');
    createdId = Number(/\/orders\/(\d+)/.exec(link ?? '')?.[1]);
    expect(createdId).toBeGreaterThan(0);

    const detail = await page.evaluate(async (id) => {
      const response = await fetch(`/api/appeals/${id}`);
      return (await response.json()) as {
        corrections: { field: string; newValue: string }[];
      };
    }, createdId);
    expect(detail.corrections).toContainEqual(
      expect.objectContaining({
        field: 'category',
        newValue: correctedCategory,
      }),
    );
  });

  it('lists the new order', async () => {
    await page.click('[data-nav=orders]');
    const row = page.locator(`tr[data-order-id="${createdId}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(correctedCategory);
    await screenshot('orders');
    await row.locator('a').first().click();
    await page.waitForURL(new RegExp(`/orders/${createdId}$`));
    const history = page.locator('[data-panel=history] [data-kind=correction]');
    await expect(history.first().textContent()).resolves.toContain(
      correctedCategory,
    );
  });

  it('dispatches from the detail page', async () => {
    const department = await page
      .locator('[data-panel=actions] input[name=department]')
      .inputValue();
    expect(department).not.toBe('');
    await page.click('[data-action=dispatch]');
    const event = page.locator('[data-panel=history] [data-kind=event]');
    await event.first().waitFor();
    await expect(event.first().textContent()).resolves.toContain(department);
    // A dispatched order offers redispatch, not dispatch.
    await page.locator('[data-action=redispatch]').waitFor();
    expect(await page.locator('[data-action=dispatch]').count()).toBe(0);
    await screenshot('detail');
  });

  it('switches to English', async () => {
    await page.click('[data-action=locale]');
    await expect(page.locator('[data-nav=orders]').textContent()).resolves
      .toContain('Work orders');
    await page.click('[data-action=locale]');
    await expect(page.locator('[data-nav=orders]').textContent()).resolves
      .toContain('工单');
  });

  it('corrects a review queue entry', async () => {
    // A vague appeal the shipped model classifies with low confidence.
    const reviewId = await page.evaluate(async () => {
      const response = await fetch('/api/appeals', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          body: '我想反映一个问题，不知道该找哪个部门，麻烦帮忙看看。',
        }),
      });
      return ((await response.json()) as { appeal: { id: number } }).appeal
        .id;
    });
    await page.click('[data-nav=review]');
    const card = page.locator(`[data-review-id="${reviewId}"]`);
    await card.waitFor();
    await card.locator('input[name=category]').fill('城乡建设');
    await card.locator('[data-action=correct]').click();
    await card.waitFor({ state: 'detached' });
    const category = await page.evaluate(async (id) => {
      const response = await fetch(`/api/appeals/${id}`);
      return ((await response.json()) as { appeal: { category: string } })
        .appeal.category;
    }, reviewId);
    expect(category).toBe('城乡建设');
    await screenshot('review');
  });

  it('renders every dashboard chart', async () => {
    await page.click('[data-nav=dashboard]');
    const containers = page.locator('[data-chart] .chart');
    await containers.first().waitFor();
    const names = await page
      .locator('[data-chart]')
      .evaluateAll((nodes) =>
        nodes.map((node) => node.getAttribute('data-chart')),
      );
    expect(names).toEqual([
      'volume',
      'categories',
      'departments',
      'locations',
      'appeal-types',
    ]);
    for (const name of names) {
      const drawing = page.locator(
        `[data-chart="${name}"] .chart :is(svg, canvas)`,
      );
      await drawing.first().waitFor();
      const box = await drawing.first().boundingBox();
      expect(box?.width ?? 0, name ?? '').toBeGreaterThan(0);
      expect(box?.height ?? 0, name ?? '').toBeGreaterThan(0);
    }
    // The tooltip is drawn inside the chart's SVG, not as an HTML layer.
    const categories = page.locator('[data-chart=categories] .chart');
    await categories.hover();
    await expect
      .poll(() => categories.locator('svg').textContent(), poll)
      .toContain('工单数');
    expect(
      await categories.locator('div:not(:has(svg))').count(),
    ).toBe(0);
    await page.locator('[data-panel=hotspots]').waitFor();
    await page.locator('[data-panel=alerts]').waitFor();
    await screenshot('dashboard');
  });

  it('shows appeal markup as text', async () => {
    await page.click('[data-nav=intake]');
    await page.fill('input[name=title]', `路灯${markup}`);
    await page.fill('textarea[name=body]', `雨花区井湾子路灯坏了 ${markup}`);
    await page.locator('[data-field=summary]').filter({ hasText: /\S/ })
      .waitFor();
    await page.click('form.intake-form button[type=submit]');
    const created = page.locator('[data-state=created]');
    await created.waitFor();
    const link = await created.locator('a').getAttribute('href');
    await page.goto(`${baseUrl}${link ?? ''}`);
    const body = page.locator('[data-field=body]');
    await expect(body.textContent()).resolves.toContain(markup);
    await expect(page.locator('[data-field=title]').textContent())
      .resolves.toContain(markup);
    expect(await page.locator('img').count()).toBe(0);
    await page.goto(`${baseUrl}/orders?q=${encodeURIComponent('井湾子')}`);
    await page.locator('tr[data-order-id]').first().waitFor();
    await expect(page.locator('.orders-table').textContent()).resolves
      .toContain(markup);
    expect(await page.locator('img').count()).toBe(0);
    await page.goto(`${baseUrl}/dashboard`);
    await page.locator('[data-chart] .chart svg').first().waitFor();
    await screenshot('markup');
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('logs out', async () => {
    await page.click('[data-action=logout]');
    await page.waitForURL(/\/login/);
    await page.goto(`${baseUrl}/orders`);
    await page.waitForURL(/\/login/);
    expect(await page.locator('.app-header').count()).toBe(0);
  });
});
