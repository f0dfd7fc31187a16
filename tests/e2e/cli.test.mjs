// The kodama binary's command line: help and refusal of bad settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { kodamaBin } from './env.mjs';

function kodama(args, env = {}) {
  return spawnSync(kodamaBin, args, {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 10_000,
  });
}

test('kodama --help lists every setting with its environment variable', () => {
  const result = kodama(['--help']);

  assert.equal(result.status, 0);
  for (const name of ['REDIS_URL', 'GHIBLI_API_URL', 'REFRESH_INTERVAL', 'LEPTOS_SITE_ADDR']) {
    assert.match(result.stdout, new RegExp(name), `${name} missing from --help`);
  }
});

test('kodama --help never shows the Redis password from the environment', () => {
  const result = kodama(['--help'], { REDIS_URL: 'redis://user:hunter2@127.0.0.1:1' });

  assert.equal(result.status, 0);
  assert.doesNotMatch(result.stdout, /hunter2/);
});

for (const [name, value, flag] of [
  ['REFRESH_INTERVAL', 'soon', '--refresh-interval'],
  ['REFRESH_INTERVAL', '0s', '--refresh-interval'],
  ['GHIBLI_API_URL', 'not a url', '--ghibli-api-url'],
  ['LEPTOS_SITE_ADDR', 'everywhere', '--site-addr'],
  ['REDIS_URL', 'http://127.0.0.1', '--redis-url'],
]) {
  test(`kodama refuses to start with ${name}=${value}`, () => {
    const result = kodama([], { [name]: value });

    assert.notEqual(result.status, 0);
    assert.match(result.stderr, new RegExp(flag));
  });
}
