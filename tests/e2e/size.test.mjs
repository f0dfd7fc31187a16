// What a visitor downloads to see the home page: every resource the browser loads, with its
// size as sent with brotli (what the server sends to browsers that accept it, which all do
// over HTTPS) and uncompressed. Written to $ARTIFACTS_DIR/size-report.md and printed.
//
// This is a report, not a limit: sizes change with every feature. The test fails only when
// something is sent uncompressed that should not be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { chromium } from 'playwright-core';
import { kodamaUrl, artifactsDir } from './env.mjs';

/** The URLs the browser loads for `path`, in order, posters left out (their host is away). */
async function resourcesOf(path) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking'],
  });
  const page = await browser.newPage();
  await page.route('https://image.tmdb.org/**', (route) => route.abort());
  const urls = [];
  page.on('request', (req) => {
    if (req.url().startsWith(kodamaUrl)) urls.push(req.url());
  });
  await page.goto(`${kodamaUrl}${path}`);
  await page.waitForSelector('html[data-hydrated="true"]', { timeout: 20_000 });
  await page.waitForLoadState('networkidle');
  await browser.close();
  return [...new Set(urls)];
}

/** The body of `url` exactly as sent for `acceptEncoding`, and its encoding. */
function fetchRaw(url, acceptEncoding) {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': acceptEncoding } }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          bytes: Buffer.concat(chunks).length,
          encoding: response.headers['content-encoding'] ?? 'none',
          type: (response.headers['content-type'] ?? '').split(';')[0],
        }),
      );
    })
      .on('error', reject)
      .end();
  });
}

const kilobytes = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

test('report the brotli size of everything the home page loads', async () => {
  const urls = await resourcesOf('/');
  const rows = [];
  for (const url of urls) {
    const sent = await fetchRaw(url, 'br');
    const plain = await fetchRaw(url, 'identity');
    rows.push({ path: new URL(url).pathname, ...sent, plain: plain.bytes });
  }

  const total = rows.reduce((sum, row) => sum + row.bytes, 0);
  const totalPlain = rows.reduce((sum, row) => sum + row.plain, 0);
  const report = [
    '# What the home page loads',
    '',
    '| Resource | Type | Sent (brotli) | Uncompressed | Encoding |',
    '|---|---|---:|---:|---|',
    ...rows.map((r) => `| \`${r.path}\` | ${r.type} | ${kilobytes(r.bytes)} | ${kilobytes(r.plain)} | ${r.encoding} |`),
    `| **Total** | | **${kilobytes(total)}** | ${kilobytes(totalPlain)} | |`,
    '',
    'Posters come from the image host and are not counted.',
    '',
  ].join('\n');
  mkdirSync(artifactsDir, { recursive: true });
  writeFileSync(`${artifactsDir}/size-report.md`, report);
  console.log(report);

  const paths = rows.map((row) => row.path);
  for (const kind of ['/', '/pkg/kodama.js', '/pkg/kodama.wasm', '/pkg/kodama.css']) {
    assert.ok(paths.includes(kind), `the page loads ${kind}: ${paths.join(', ')}`);
  }
  for (const row of rows.filter((r) => /html|javascript|wasm|css/.test(r.type))) {
    assert.equal(row.encoding, 'br', `${row.path} is sent with brotli`);
  }
});
