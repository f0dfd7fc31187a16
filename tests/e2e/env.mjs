// Where the product under test runs. scripts/e2e starts it and sets these variables.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests through scripts/e2e`);
  return value;
}

export const kodamaUrl = required('KODAMA_URL');
export const kodamaBin = required('KODAMA_BIN');
export const redisPort = required('REDIS_PORT');
export const upstreamUrl = required('UPSTREAM_URL');
export const artifactsDir = process.env.ARTIFACTS_DIR ?? 'artifacts';

export const expectedMovies = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/expected-movies.json', import.meta.url)), 'utf8'),
);
