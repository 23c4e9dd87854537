import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { ConfigInput } from '../../src/server/config.ts';
import type { DialectName } from '../../src/server/db/index.ts';
import { createTestPlatform, type TestPlatform } from './platform.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Debian's Chromium unless GZ_CHROMIUM names another binary (`.ci/run` installs the package). */
export const CHROMIUM_PATH = process.env.GZ_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Headless Chromium through playwright-core. `--no-sandbox` because CI and
 * the dev containers run as root, where Chromium refuses its sandbox.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: install Debian's chromium package (apt-get install chromium) or set GZ_CHROMIUM`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
}

/** A phone-sized page (a 390 × 844 touch screen at 2×), as a follower holds the app. */
export async function newPhoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  // Below vitest's 30 s test timeout, so a wait that never ends fails with
  // Playwright's message (which locator, what it saw) instead of a bare timeout.
  context.setDefaultTimeout(10_000);
  return context;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure dist/web/<name> is a build of the current web/<name> sources:
 * builds it (scripts/build-web.mjs) when missing or older than a source file,
 * so a browser test never runs against a stale front end. `npm ci` already
 * built it through "prepare", so in CI this is a check only.
 */
export function ensureWebAppBuilt(name: string): void {
  const sources = path.join(REPO_ROOT, 'web', name);
  const index = path.join(REPO_ROOT, 'dist', 'web', name, 'index.html');
  if (!existsSync(path.join(sources, 'vite.config.ts'))) throw new Error(`no front end at web/${name}`);
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(sources)) return;
  try {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-web.mjs'), name], {
      cwd: REPO_ROOT,
      stdio: 'pipe',
    });
  } catch (err) {
    const e = err as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(
      `building web/${name} failed (run npm run build:web to see why):\n${String(e.stderr ?? '')}${String(e.stdout ?? '')}`,
    );
  }
}

export interface BrowserPlatform extends TestPlatform {
  /** http://127.0.0.1:<port> of the listening platform. */
  baseUrl: string;
}

/**
 * A test platform listening on a loopback port (a browser needs a real
 * socket), with the web apps of this checkout built. The app is built before
 * the platform because web-apps.ts reads dist/ when the app is made.
 */
export async function startBrowserPlatform(
  dialect: DialectName,
  options: { apps?: string[]; config?: ConfigInput } = {},
): Promise<BrowserPlatform> {
  for (const name of options.apps ?? []) ensureWebAppBuilt(name);
  const platform = await createTestPlatform(dialect, options.config);
  await platform.app.listen({ port: 0, host: '127.0.0.1' });
  const address = platform.app.server.address();
  if (!address || typeof address !== 'object') throw new Error('platform did not listen');
  return { ...platform, baseUrl: `http://127.0.0.1:${address.port}` };
}

/** True when the run should (re)write docs/screenshots (`npm run screenshots`). */
export const SCREENSHOTS = process.env.GZ_SCREENSHOTS === '1';

/** Saves docs/screenshots/<name>.png when GZ_SCREENSHOTS=1; does nothing otherwise. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  const dir = path.join(REPO_ROOT, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/**
 * A laptop-sized console page in English, signed in as the first
 * administrator (`admin`) with `password`: the start of most console journeys.
 */
export async function signInToConsole(
  browser: Browser,
  baseURL: string,
  password: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1366, height: 900 },
    locale: 'en-US',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto('/console/');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return { context, page };
}
