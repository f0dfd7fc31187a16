// Links to films whose ids need encoding in a path ("a/b", "%41", "..", "q?x#y"...) open
// their own film, when followed in the hydrated page and when the address is loaded again.
// A second kodama of our own serves such films from a tiny upstream, using its own Redis
// database so that the shared index of the other tests stays as it is.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { kodamaBin, redisPort } from './env.mjs';

const IDS = ['A', '%41', 'a/b', '..', '.', '100%', 'q?x#y', 'a\\b', '千 尋'];
const cleanups = [];

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** An upstream on a free port serving one film per id, and no people. */
async function startUpstream() {
  const films = IDS.map((id) => ({ id, title: `Film ${id}`, release_date: '2000' }));
  const server = createServer((request, response) => {
    const body = request.url === '/films' ? films : request.url === '/people' ? [] : null;
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? {}));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${server.address().port}`;
}

async function startKodama(upstreamUrl) {
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  const child = spawn(kodamaBin, [], {
    env: {
      PATH: process.env.PATH,
      LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT,
      REDIS_URL: `redis://127.0.0.1:${redisPort}/7`,
      GHIBLI_API_URL: upstreamUrl,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    },
    stdio: 'ignore',
  });
  cleanups.push(() => child.kill('SIGTERM'));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 150; attempt++) {
    const movies = await fetch(`${url}/movies`).catch(() => null);
    if (movies?.ok && Object.keys(await movies.json()).length === IDS.length) return url;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the second kodama did not serve the awkward films');
}

test('every film link opens its own film, in the browser and when reloaded', async () => {
  const kodamaUrl = await startKodama(await startUpstream());
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking'],
  });
  cleanups.push(() => browser.close());
  const page = await browser.newPage();

  await page.goto(`${kodamaUrl}/`);
  await page.waitForSelector('html[data-hydrated="true"]', { timeout: 20_000 });
  const titles = await page.locator('.film-title a').allTextContents();
  assert.equal(titles.length, IDS.length);

  for (const title of titles) {
    await page.goto(`${kodamaUrl}/`);
    await page.waitForSelector('html[data-hydrated="true"]', { timeout: 20_000 });

    await page.locator('.film-title a', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }).click();
    await page.waitForSelector('.film-page h1');
    assert.equal(await page.locator('h1').textContent(), title, 'followed in the page');

    await page.reload();
    await page.waitForSelector('.film-page h1');
    assert.equal(await page.locator('h1').textContent(), title, `reloaded at ${page.url()}`);
  }
});

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
