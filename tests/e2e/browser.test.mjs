// The pages in a real Chromium (Debian's, driven by playwright-core) against the release
// server, Redis and the fake upstream: server rendering, hydration, search, links between
// films and people, 404s, keyboard use and accessibility. Screenshots go to $ARTIFACTS_DIR.
//
// The poster host cannot be reached from here (nor from many networks): every request to it
// is aborted, as a failed connection would be, and the pages must still look right.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
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
const POSTER_HOST = 'https://image.tmdb.org/';
const HYDRATED = 'html[data-hydrated="true"]';

const CASTLE_IN_THE_SKY = '2baf70d1-42bb-4437-b551-e5fed5a87abe';
const PAZU = 'fe93adf2-2f3a-4ec4-9f68-5422f1b87c01';
const THE_BARON = 'fc196c4f-0201-4ed2-9add-c6403f7c4d32';
const filmTitles = Object.values(expectedMovies).map((film) => film.film_title);
const filmsWithoutPeople = Object.values(expectedMovies).filter((f) => f.persons.length === 0);

let browser;

before(async () => {
  mkdirSync(artifactsDir, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
});

/**
 * A fresh browser context whose poster requests fail, with a page that records console
 * errors and warnings (other than those failed posters), uncaught exceptions and requests.
 */
async function openPage({ viewport = VIEWPORTS.desktop, ...options } = {}) {
  const context = await browser.newContext({ viewport, ...options });
  await context.route(`${POSTER_HOST}**`, (route) => route.abort('connectionfailed'));
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (message) => {
    const failedPoster = message.location().url?.startsWith(POSTER_HOST);
    if (['error', 'warning'].includes(message.type()) && !failedPoster) {
      problems.push(`${message.type()}: ${message.text()} (${message.location().url})`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  return { context, page, problems, requests };
}

async function cardTitles(page) {
  return page.locator('.film-card .film-title').allTextContents();
}

test('the home page hydrates from the data in the page, with a clean console', async () => {
  const { context, page, problems, requests } = await openPage();

  await page.goto(`${kodamaUrl}/`);
  await page.waitForSelector(HYDRATED, { timeout: 20_000 });

  assert.deepEqual(await cardTitles(page), filmTitles);
  assert.equal(await page.locator('.no-people').count(), filmsWithoutPeople.length);
  assert.match(await page.locator('.freshness').textContent(), /^Live data, updated /);
  const serverFunctionCalls = requests.filter((url) => url.includes('/api/'));
  assert.deepEqual(serverFunctionCalls, [], 'hydration reuses the serialized data');
  assert.deepEqual(problems, []);
  await context.close();
});

test('typing in the search filters the list as you type and keeps the query in the address', async () => {
  const { context, page, problems, requests } = await openPage();
  await page.goto(`${kodamaUrl}/`);
  await page.waitForSelector(HYDRATED, { timeout: 20_000 });

  await page.locator('#search-input').pressSequentially('baron');

  await page.waitForFunction(() => document.querySelectorAll('.film-card').length === 2);
  assert.deepEqual(await cardTitles(page), ['Whisper of the Heart', 'The Cat Returns']);
  assert.equal(new URL(page.url()).search, '?q=baron');
  assert.equal(await page.locator('.result-count').textContent(), '2 of 22 films match “baron”');
  assert.equal(await page.locator('li.match').count(), 2, 'the Baron is highlighted');

  await page.locator('#search-input').fill('no such thing');
  await page.waitForFunction(() => document.querySelectorAll('.film-card').length === 0);
  assert.match(await page.locator('.result-count').textContent(), /No film or person matches/);

  await page.locator('#search-input').fill('');
  await page.waitForFunction((n) => document.querySelectorAll('.film-card').length === n, filmTitles.length);
  assert.equal(new URL(page.url()).search, '');
  assert.deepEqual(requests.filter((url) => url.includes('/api/')), [], 'filtered in the browser');
  assert.deepEqual(problems, []);
  await context.close();
});

test('text typed before the page hydrates is searched for once it does', async () => {
  const { context, page, problems } = await openPage();
  // Hold the WASM back, as a slow connection would.
  await page.route('**/pkg/kodama.wasm', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.continue();
  });

  await page.goto(`${kodamaUrl}/`, { waitUntil: 'domcontentloaded' });
  await page.locator('#search-input').pressSequentially('kiki');
  assert.equal(await page.locator('html[data-hydrated]').count(), 0, 'typed before hydration');
  await page.waitForSelector(HYDRATED, { timeout: 20_000 });

  await page.waitForFunction(() => document.querySelectorAll('.film-card').length === 1);
  assert.equal(await page.locator('#search-input').inputValue(), 'kiki');
  assert.equal(new URL(page.url()).search, '?q=kiki');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a search for a percent sign is a search for a percent sign', async () => {
  const { context, page } = await openPage();
  await page.goto(`${kodamaUrl}/`);
  await page.waitForSelector(HYDRATED, { timeout: 20_000 });

  await page.locator('#search-input').pressSequentially('50%41b');

  await page.waitForFunction(() => document.querySelectorAll('.film-card').length === 0);
  assert.equal(await page.locator('#search-input').inputValue(), '50%41b');
  await page.reload();
  assert.equal(await page.locator('#search-input').inputValue(), '50%41b');
  await context.close();
});

test('a shared search address opens with the list already filtered', async () => {
  const { context, page, problems } = await openPage();

  await page.goto(`${kodamaUrl}/?q=totoro`);
  await page.waitForSelector(HYDRATED, { timeout: 20_000 });

  assert.deepEqual(await cardTitles(page), ['My Neighbor Totoro']);
  assert.equal(await page.locator('#search-input').inputValue(), 'totoro');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the search works without JavaScript, through the form', async () => {
  const { context, page } = await openPage({ javaScriptEnabled: false });
  await page.goto(`${kodamaUrl}/`);
  assert.equal(await page.locator('.film-card').count(), filmTitles.length);

  await page.locator('#search-input').fill('baron');
  await Promise.all([page.waitForURL(/\?q=baron$/), page.locator('#search-input').press('Enter')]);

  assert.deepEqual(await cardTitles(page), ['Whisper of the Heart', 'The Cat Returns']);
  await context.close();
});

test('film and person pages link to each other', async () => {
  const { context, page, problems } = await openPage();
  await page.goto(`${kodamaUrl}/`);
  await page.waitForSelector(HYDRATED, { timeout: 20_000 });

  await page.getByRole('link', { name: 'Castle in the Sky' }).click();
  await page.waitForURL(`**/films/${CASTLE_IN_THE_SKY}`);
  assert.equal(await page.locator('h1').textContent(), 'Castle in the Sky');
  assert.equal(await page.title(), 'Castle in the Sky · Kodama');
  const people = await page.locator('.film-page .person-list a').allTextContents();
  assert.equal(people.length, expectedMovies[CASTLE_IN_THE_SKY].persons.length);

  await page.getByRole('link', { name: 'Pazu', exact: true }).click();
  await page.waitForURL(`**/people/${PAZU}`);
  assert.equal(await page.locator('h1').textContent(), 'Pazu');
  assert.match(await page.locator('.facts').textContent(), /Gender\s*Male/);

  await page.getByRole('link', { name: 'Castle in the Sky' }).click();
  await page.waitForURL(`**/films/${CASTLE_IN_THE_SKY}`);
  await page.getByRole('link', { name: 'All films' }).click();
  await page.waitForURL(`${kodamaUrl}/`);
  await page.waitForFunction((n) => document.querySelectorAll('.film-card').length === n, filmTitles.length);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a person in two films links to both, and each film back to them', async () => {
  const { context, page, problems } = await openPage();

  await page.goto(`${kodamaUrl}/people/${THE_BARON}`);
  await page.waitForSelector(HYDRATED, { timeout: 20_000 });
  const films = await page.locator('.film-links a').evaluateAll((links) =>
    links.map((link) => link.getAttribute('href')),
  );

  assert.equal(films.length, 2);
  for (const film of films) {
    await page.goto(`${kodamaUrl}${film}`);
    assert.equal(await page.locator(`.film-page a[href="/people/${THE_BARON}"]`).count(), 1, film);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('unknown films, people and paths get the not-found page with status 404', async () => {
  const { context, page, problems } = await openPage();

  for (const path of ['/films/no-such-film', '/people/no-such-person', '/no/such/page']) {
    const response = await page.goto(`${kodamaUrl}${path}`);
    await page.waitForSelector(HYDRATED, { timeout: 20_000 });

    assert.equal(response.status(), 404, path);
    assert.equal(await page.locator('h1').textContent(), 'Page not found', path);
  }
  // The browser logs a failed load for each 404 document; nothing else may appear.
  const others = problems.filter((problem) => !problem.includes('404 (Not Found)'));
  assert.deepEqual(others, []);
  await context.close();
});

test('the skip link moves focus to the content, with and without JavaScript', async () => {
  for (const javaScriptEnabled of [true, false]) {
    const { context, page } = await openPage({ javaScriptEnabled });
    await page.goto(`${kodamaUrl}/`);
    if (javaScriptEnabled) await page.waitForSelector(HYDRATED, { timeout: 20_000 });

    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'content', `JS: ${javaScriptEnabled}`);

    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input');
    await context.close();
  }
});

test("after following a link, focus is on the new page's content, not lost", async () => {
  const { context, page } = await openPage();
  await page.goto(`${kodamaUrl}/`);
  await page.waitForSelector(HYDRATED, { timeout: 20_000 });

  await page.getByRole('link', { name: 'Castle in the Sky' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('.film-page h1');

  assert.equal(await page.evaluate(() => document.activeElement.id), 'content');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'All films');
  await context.close();
});

test('the page is usable by keyboard: skip link, search, then the films', async () => {
  const { context, page } = await openPage();
  await page.goto(`${kodamaUrl}/`);
  await page.waitForSelector(HYDRATED, { timeout: 20_000 });

  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');

  // From the skip link, the search field is a few Tabs away; typing there filters.
  let focused = '';
  for (let i = 0; i < 5 && focused !== 'search-input'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement.id);
  }
  assert.equal(focused, 'search-input');
  await page.keyboard.type('kiki');
  await page.waitForFunction(() => document.querySelectorAll('.film-card').length === 1);

  // Then on to the film's link, and Enter follows it.
  await page.keyboard.press('Tab'); // the Search button
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Kiki's Delivery Service");
  await page.keyboard.press('Enter');
  await page.waitForURL('**/films/*');
  assert.equal(await page.locator('h1').textContent(), "Kiki's Delivery Service");
  await context.close();
});

test('axe finds no accessibility violations (WCAG 2 A and AA, contrast included)', async () => {
  const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  const paths = ['/', `/films/${CASTLE_IN_THE_SKY}`, `/people/${PAZU}`, '/?q=no+such+film'];

  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    // The page's Content-Security-Policy would (rightly) refuse the injected axe script.
    const { context, page } = await openPage({ viewport, bypassCSP: true });
    for (const path of paths) {
      await page.goto(`${kodamaUrl}${path}`);
      await page.waitForSelector(HYDRATED, { timeout: 20_000 });
      await page.addScriptTag({ path: axeSource });

      const violations = await page.evaluate(async () => {
        const options = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } };
        const results = await window.axe.run(document, options);
        return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`);
      });

      assert.deepEqual(violations, [], `${path} on a ${name}`);
    }
    await context.close();
  }
});

test('posters that cannot load leave a tidy placeholder; posters that load cover it', async () => {
  // Unreachable host: the image fails, and the stylesheet draws the placeholder over it.
  const { context, page } = await openPage();
  await page.goto(`${kodamaUrl}/films/${CASTLE_IN_THE_SKY}`);
  await page.waitForSelector(HYDRATED, { timeout: 20_000 });
  const image = page.locator('.film-page img.poster-image');
  await image.evaluate((img) => img.decode().catch(() => {}));

  const broken = await image.evaluate((img) => ({
    src: img.src,
    loaded: img.naturalWidth > 0,
    cover: getComputedStyle(img, '::after').content,
  }));
  assert.ok(broken.src.startsWith(POSTER_HOST), broken.src);
  assert.equal(broken.loaded, false);
  assert.equal(broken.cover, '"C"');
  await page.locator('.film-page .poster').screenshot({ path: `${artifactsDir}/poster-unreachable.png` });
  await context.close();

  // Reachable host: the image shows (a 2×3 PNG stands in for the real poster).
  const shown = await browser.newContext();
  await shown.route(`${POSTER_HOST}**`, (route) =>
    route.fulfill({ contentType: 'image/png', body: Buffer.from(TINY_PNG, 'base64') }),
  );
  const posterPage = await shown.newPage();
  await posterPage.goto(`${kodamaUrl}/films/${CASTLE_IN_THE_SKY}`);
  const loaded = posterPage.locator('.film-page img.poster-image');
  await loaded.evaluate((img) => img.decode());
  assert.ok(await loaded.evaluate((img) => img.naturalWidth > 0));
  await shown.close();
});

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  test(`screenshots of the home, a film and a person page on a ${name}`, async () => {
    const { context, page, problems } = await openPage({ viewport });

    for (const [shot, path] of [
      ['home', '/'],
      ['film', `/films/${CASTLE_IN_THE_SKY}`],
      ['person', `/people/${THE_BARON}`],
    ]) {
      await page.goto(`${kodamaUrl}${path}`);
      await page.waitForSelector(HYDRATED, { timeout: 20_000 });
      await page.screenshot({ path: `${artifactsDir}/${shot}-${name}.png`, fullPage: true });
    }

    assert.deepEqual(problems, []);
    await context.close();
  });
}

/** A 2×3 PNG, opaque green. */
const TINY_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAADCAIAAAA2iEnWAAAAEElEQVR4nGPQifIFIgYUCgAzPATzrbUtKAAAAABJRU5ErkJggg==';
