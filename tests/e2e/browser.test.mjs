// The page in a real Chromium (Debian's, driven by playwright-core): server rendering,
// hydration, and what a visitor sees. Screenshots go to $ARTIFACTS_DIR.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { kodamaUrl, artifactsDir, expectedMovies } from './env.mjs';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };

let browser;

before(async () => {
  mkdirSync(artifactsDir, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
});

/** Opens a page that records every console error or warning and uncaught exception. */
async function openPage(viewport) {
  const page = await browser.newPage({ viewport });
  const problems = [];
  page.on('console', (message) => {
    if (['error', 'warning'].includes(message.type())) {
      problems.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return { page, problems };
}

test('the page hydrates with no console errors or warnings and lists every film', async () => {
  const { page, problems } = await openPage(VIEWPORTS.desktop);

  await page.goto(`${kodamaUrl}/`);
  await page.waitForSelector('html[data-hydrated="true"]', { timeout: 20_000 });

  const titles = await page.locator('.film-title').allTextContents();
  const expectedTitles = Object.values(expectedMovies).map((film) => film.film_title);
  assert.deepEqual(titles, expectedTitles);
  assert.equal(await page.locator('.no-people').count(), 11);
  assert.equal(await page.locator('.source-note[data-source="upstream"]').count(), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  test(`screenshot of the film list on a ${name}`, async () => {
    const { page, problems } = await openPage(viewport);

    await page.goto(`${kodamaUrl}/`);
    await page.waitForSelector('html[data-hydrated="true"]', { timeout: 20_000 });
    await page.screenshot({ path: `${artifactsDir}/home-${name}.png`, fullPage: true });

    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('the page works without JavaScript, as server-rendered HTML', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();

  await page.goto(`${kodamaUrl}/`);

  assert.equal(await page.locator('.film-card').count(), Object.keys(expectedMovies).length);
  await context.close();
});

test('an unknown path shows the not-found page with status 404', async () => {
  const { page } = await openPage(VIEWPORTS.desktop);

  const response = await page.goto(`${kodamaUrl}/no/such/page`);

  assert.equal(response.status(), 404);
  assert.match(await page.locator('h1').textContent(), /Page not found/);
  await page.close();
});
