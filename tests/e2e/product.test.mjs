// The running product, filled from the fake upstream: /movies and what is stored in Redis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { kodamaUrl, redisPort, expectedMovies } from './env.mjs';

test('/movies equals the index of what the upstream serves', async () => {
  const response = await fetch(`${kodamaUrl}/movies`);

  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/json');
  assert.deepEqual(await response.json(), expectedMovies);
});

test('Redis holds the index and says it came from the upstream', () => {
  const meta = execFileSync('redis-cli', ['-p', redisPort, 'HGET', 'kodama:v2:index', 'meta'], {
    encoding: 'utf8',
  });

  const parsed = JSON.parse(meta);
  assert.equal(parsed.source, 'upstream');
  assert.equal(parsed.film_count, 22);
  assert.equal(parsed.person_count, 59);
  assert.match(parsed.content_hash, /^[0-9a-f]{64}$/);
});
