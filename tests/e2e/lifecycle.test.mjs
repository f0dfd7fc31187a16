// A second kodama process of our own, on its own port: one-off refreshes, secrets kept out
// of its output, and a clean stop on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { kodamaBin, redisPort, upstreamUrl } from './env.mjs';

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return response;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Starts kodama with `env`, collecting everything it prints. */
function startKodama(env) {
  const child = spawn(kodamaBin, [], {
    env: { PATH: process.env.PATH, LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT, ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => output };
}

test('kodama refresh stores a fresh index from the upstream and exits 0', () => {
  const result = spawnSync(kodamaBin, ['refresh'], {
    env: {
      PATH: process.env.PATH,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      GHIBLI_API_URL: upstreamUrl,
    },
    encoding: 'utf8',
    timeout: 30_000,
  });

  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /stored a fresh index: 22 films, 59 person entries/);
});

test('kodama stops cleanly on SIGTERM', async () => {
  const port = await freePort();
  const kodama = startKodama({
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    GHIBLI_API_URL: upstreamUrl,
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
  });
  await waitFor(`http://127.0.0.1:${port}/movies`);

  kodama.child.kill('SIGTERM');
  const { code } = await kodama.exited;

  assert.equal(code, 0, kodama.output());
  assert.match(kodama.output(), /shutting down/);
  assert.match(kodama.output(), /refresher stopped/);
});

test('the Redis password never appears in what kodama prints', async () => {
  const port = await freePort();
  // This Redis has no password, so it refuses the one given: errors get logged.
  const kodama = startKodama({
    REDIS_URL: `redis://kodama:s3cret-pa55@127.0.0.1:${redisPort}`,
    GHIBLI_API_URL: upstreamUrl,
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    RUST_LOG: 'debug',
  });
  await waitFor(`http://127.0.0.1:${port}/status`);
  const status = await (await fetch(`http://127.0.0.1:${port}/status`)).text();
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  kodama.child.kill('SIGTERM');
  await kodama.exited;

  assert.match(kodama.output(), /redacted/, 'the URL is logged, with its password redacted');
  assert.doesNotMatch(kodama.output(), /s3cret-pa55/);
  assert.doesNotMatch(status, /s3cret-pa55/);
});
