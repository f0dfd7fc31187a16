// The client-only build of the same front end, as `trunk serve` runs it: the page is empty
// HTML, the WASM renders everything in the browser, and its server-function calls and
// /movies go through Trunk's proxy to the Kodama server. scripts/e2e starts `trunk serve`
// with Trunk.toml's settings, moved to the test's ports, and sets TRUNK_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { expectedMovies } from './env.mjs';

const trunkUrl = process.env.TRUNK_URL;
const HYDRATED = 'html[data-hydrated="true"]';
const filmTitles = Object.values(expectedMovies).map((film) => film.film_title);

let browser;

before(async () => {
  assert.ok(trunkUrl, 'TRUNK_URL is not set: run these tests through scripts/e2e');
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking'],
  });
});

after(async () => {
  await browser?.close();
});

async function openPage() {
  const page = await browser.newPage();
  await page.route('https://image.tmdb.org/**', (route) => route.abort());
  const problems = [];
  page.on('console', (message) => {
    const failedPoster = message.location().url?.startsWith('https://image.tmdb.org/');
    if (['error', 'warning'].includes(message.type()) && !failedPoster) {
      problems.push(`${message.text()} (${message.location().url})`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return { page, problems };
}

test('the client-only app lists every film through the proxied server functions', async () => {
  const { page, problems } = await openPage();
  const response = await page.goto(`${trunkUrl}/`);

  const html = await response.text();
  assert.ok(!html.includes('film-card'), 'Trunk serves an empty page: the browser renders it');
  await page.waitForFunction((n) => document.querySelectorAll('.film-card').length === n, filmTitles.length);
  assert.deepEqual(await page.locator('.film-card .film-title').allTextContents(), filmTitles);
  assert.match(await page.locator('.freshness').textContent(), /^Live data, updated /);
  assert.deepEqual(problems, []);
  await page.close();
});

test('searching and following links work in the client-only app', async () => {
  const { page, problems } = await openPage();
  await page.goto(`${trunkUrl}/`);
  await page.waitForSelector(HYDRATED);
  await page.waitForSelector('.film-card');

  await page.locator('#search-input').fill('baron');
  await page.waitForFunction(() => document.querySelectorAll('.film-card').length === 2);
  await page.getByRole('link', { name: 'The Cat Returns' }).click();
  await page.waitForSelector('.film-page h1');
  assert.equal(await page.locator('h1').textContent(), 'The Cat Returns');

  // A film's address opened directly: Trunk answers with the app, which routes to it.
  await page.goto(`${trunkUrl}${new URL(page.url()).pathname}`);
  await page.waitForSelector('.film-page h1');
  assert.equal(await page.locator('h1').textContent(), 'The Cat Returns');
  assert.deepEqual(problems, []);
  await page.close();
});

test('/movies is proxied to the server', async () => {
  const response = await fetch(`${trunkUrl}/movies`);

  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), expectedMovies);
});
