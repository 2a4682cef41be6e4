/**
 * The web pages in a real browser: Debian's headless Chromium driven by playwright-core, against a
 * real registry. A newcomer's path (search, open a package, follow a dependency, open a diff), a
 * member's (sign in, see a private package, sign out), a hostile README that must not run, and an
 * axe-core accessibility check of every page (no serious or critical violations).
 *
 * Screenshots go to $PATTERNHUB_WEB_ARTEFACTS, or `patternhub-web-artefacts/` in the system's temp
 * folder; the path is printed. Chromium comes from `apt-get install chromium` (`.ci/run` does it);
 * $CHROMIUM_PATH names another binary.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';
import { publishWebFixtures, type WebFixtures } from '../helpers/web-fixtures.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTEFACTS = process.env.PATTERNHUB_WEB_ARTEFACTS ?? join(tmpdir(), 'patternhub-web-artefacts');
const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

let registry: TestRegistry;
let fixtures: WebFixtures;
let browser: Browser;
let context: BrowserContext;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });
}

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }>;
}

/**
 * axe-core on the page as it is. Pages forbid every script by CSP, so axe runs in a context that
 * bypasses it (this one tests accessibility, not the policy).
 */
async function checkAccessibility(path: string): Promise<void> {
  const auditContext = await browser.newContext({ bypassCSP: true });
  try {
    const page = await auditContext.newPage();
    await page.goto(registry.url + path);
    await page.addScriptTag({ content: AXE_SOURCE });
    const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as AxeResult;
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(
      serious.map((v) => `${v.id}: ${v.help} (${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))})`),
      [],
      `${path}: serious accessibility violations`,
    );
  } finally {
    await auditContext.close();
  }
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  mkdirSync(ARTEFACTS, { recursive: true });
  console.log(`# screenshots in ${ARTEFACTS}`);
  registry = await startTestRegistry();
  fixtures = await publishWebFixtures(registry);
  // playwright gives every launch a fresh temporary profile (its own --user-data-dir).
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
});
after(async () => {
  await browser?.close();
  await registry?.close();
});

describe('in the browser', () => {
  it('a newcomer searches, opens a package, follows a dependency and opens a diff', async () => {
    const page = await context.newPage();
    await page.goto(`${registry.url}/`);
    await shot(page, 'home');
    await page.getByRole('searchbox', { name: 'Search patterns and actions' }).fill('disk full');
    await page.getByRole('searchbox', { name: 'Search patterns and actions' }).press('Enter');
    await page.waitForURL(/\/search\?q=disk\+full/);
    const names = await page.locator('ul.results li a.name').allTextContents();
    assert.deepEqual(names.slice(0, 2).sort(), ['@acme/disk-full', '@globex/disk-full'], 'exact names first');
    await shot(page, 'search');

    await page.getByRole('link', { name: '@acme/disk-full', exact: true }).click();
    await page.waitForURL(/\/packages\/@acme\/disk-full$/);
    assert.match((await page.locator('h1').textContent()) ?? '', /@acme\/disk-full\s*1\.1\.0/);
    const graph = page.locator('.graph svg').first();
    assert.equal(await graph.getAttribute('role'), 'img');
    for (const task of ['diagnose', 'clean_logs', 'restart', 'report', 'start', 'end', 'fail']) {
      assert.ok((await graph.locator('text', { hasText: task }).count()) > 0, `the graph shows ${task}`);
    }
    assert.ok((await graph.locator('text', { hasText: 'join: all' }).count()) === 1);
    assert.ok((await graph.locator('text', { hasText: 'with:' }).count()) === 1);
    const box = await graph.boundingBox();
    assert.ok(box && box.width > 200 && box.height > 300, 'drawn at a readable size');
    await shot(page, 'package');

    await page.locator('#dependencies').locator('..').getByRole('link', { name: '@community/linux' }).click();
    await page.waitForURL(/\/packages\/@community\/linux$/);
    assert.ok(await page.getByRole('cell', { name: 'threshold' }).isVisible());
    await shot(page, 'dependency');

    await page.goBack();
    await page.getByRole('link', { name: 'Changes from 1.0.0 to 1.1.0' }).click();
    await page.waitForURL(/\/diff\?/);
    assert.match((await page.locator('#bump').locator('..').textContent()) ?? '', /minor/);
    assert.ok((await page.locator('.graph .node.added').count()) >= 2, 'added tasks coloured');
    assert.ok((await page.locator('.graph .edge.added, .graph .edge.changed').count()) >= 1);
    assert.equal(
      await page.locator('details.diff-file').first().isVisible(),
      false,
      'the text diff is folded',
    );
    await page.getByText(/files? changed/).click();
    assert.equal(await page.locator('details.diff-file').first().isVisible(), true);
    await shot(page, 'diff');
    await page.close();
  });

  it('the 50-task runbook is drawn at full size, in a scrolling box', async () => {
    const page = await context.newPage();
    await page.goto(`${registry.url}/packages/@acme/big-runbook`);
    const svg = page.locator('.graph svg');
    assert.equal(await svg.locator('g.node.task').count(), 50);
    const height = Number(await svg.getAttribute('height'));
    assert.ok(height > 2000, `laid out at its natural size (${height}px)`);
    await shot(page, 'big-runbook');
    await page.close();
  });

  it('a member signs in, sees a private package, and signs out', async () => {
    const member = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await member.newPage();
    const secret = `${registry.url}/packages/@acme/secret-runbook`;
    const hidden = await page.goto(secret);
    assert.equal(hidden?.status(), 404);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('API token').fill(fixtures.alice);
    await shot(page, 'sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${registry.url}/`);
    assert.match((await page.locator('header').textContent()) ?? '', /Signed in as alice/);
    const cookies = await member.cookies();
    const session = cookies.find((cookie) => cookie.name === 'ph_session');
    assert.ok(session?.httpOnly, 'the session cookie is HttpOnly');
    assert.equal(session?.sameSite, 'Lax');
    assert.ok(
      !cookies.some((cookie) => cookie.value.includes(fixtures.alice)),
      'the token is not in a cookie',
    );
    const shown = await page.goto(secret);
    assert.equal(shown?.status(), 200);
    assert.ok(await page.getByText('private', { exact: true }).first().isVisible());
    await shot(page, 'private-package');
    await page.goto(`${registry.url}/orgs/acme`);
    assert.ok(await page.getByRole('link', { name: '@acme/secret-runbook' }).isVisible());
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${registry.url}/`);
    assert.equal((await page.goto(secret))?.status(), 404);
    await member.close();
  });

  it('a hostile README cannot run script, with or without the page policy', async () => {
    for (const bypassCSP of [false, true]) {
      const hostile = await browser.newContext({ bypassCSP });
      const page = await hostile.newPage();
      let dialogs = 0;
      page.on('dialog', async (dialog) => {
        dialogs++;
        await dialog.dismiss();
      });
      await page.goto(`${registry.url}/packages/@evil/hostile`);
      await page.waitForLoadState('load');
      assert.equal(await page.evaluate('window.__pwned'), undefined);
      assert.equal(dialogs, 0);
      assert.equal(
        await page.locator('.readme script, .readme iframe, .readme svg, .readme style').count(),
        0,
      );
      assert.equal(await page.locator('.readme [onerror], .readme [onload]').count(), 0);
      assert.equal(
        await page.locator('.readme a[href^="javascript" i], .readme img[src^="javascript" i]').count(),
        0,
      );
      assert.ok(
        await page.getByText('<script>window.__pwned', { exact: false }).isVisible(),
        'shown as text',
      );
      if (!bypassCSP) await shot(page, 'hostile-readme');
      await hostile.close();
    }
  });

  it('no page has serious accessibility violations', async () => {
    const diff = new URLSearchParams({ from: '@acme/disk-full@1.0.0', to: '@acme/disk-full@1.1.0' });
    for (const path of [
      '/',
      '/search?q=disk',
      '/search?kind=bogus',
      '/packages/@acme/disk-full',
      '/packages/@community/linux',
      `/diff?${diff}`,
      '/diff',
      '/orgs/acme',
      '/sign-in',
      '/packages/@acme/nope',
    ]) {
      await checkAccessibility(path);
    }
  });

  it('a 404 page and a malformed query look like pages', async () => {
    const page = await context.newPage();
    assert.equal((await page.goto(`${registry.url}/packages/@acme/nope`))?.status(), 404);
    assert.equal(await page.locator('h1').textContent(), 'Not found');
    await shot(page, 'not-found');
    assert.equal((await page.goto(`${registry.url}/search?kind=bogus`))?.status(), 400);
    assert.ok(await page.getByRole('alert').isVisible());
    await shot(page, 'bad-query');
    await page.close();
  });
});
