import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { availableAgents } from '@parley/core';
import type { ParleyServer, ParleyServerOptions } from '@parley/server';
import { startParleyServer } from '@parley/server';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createPgliteDataDir } from '../packages/server/src/store/testDatabases';
import { until } from './agentBot';
import { webRoots } from './buildWeb';

/** Debian's Chromium; no test tool may download a browser of its own. */
export const chromiumPath = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage'],
  });
}

export interface E2eServer extends ParleyServer {
  dataDir: string;
  stop(): Promise<void>;
}

/** A real server on a fresh PGlite folder (a copy of the run's initdb template), serving what `pnpm start` serves plus the test fixtures. */
export async function startE2eServer(options: ParleyServerOptions = {}): Promise<E2eServer> {
  const dataDir = (await createPgliteDataDir('parley-e2e-')).value;
  const server = await startParleyServer({
    port: 0,
    dataDir,
    demo: true,
    logLevel: 'warn',
    // Every page runs from 127.0.0.1: address limits sized for the suite, not for the internet.
    limits: { signupsPerIpPerMinute: 1_000_000, loginsPerIpPerMinute: 1_000_000, maxSocketsPerIp: 1_000_000 },
    staticMounts: [
      { prefix: '/', root: webRoots.demo },
      { prefix: '/widget', root: webRoots.widget },
      { prefix: '/console', root: webRoots.console },
      { prefix: '/fixtures', root: webRoots.fixtures },
    ],
    ...options,
  });
  return Object.assign(server, {
    dataDir,
    async stop() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}

export interface ServerAndBrowser {
  readonly server: E2eServer;
  readonly browser: Browser;
}

/**
 * One server and one Chromium for the calling `describe`, started in a `beforeAll` and stopped in an
 * `afterAll`. Read `server` and `browser` inside hooks and tests: they exist only once `beforeAll` ran.
 * `options` may be a function, for options that an earlier `beforeAll` of the same `describe` makes
 * (vitest runs a describe's `beforeAll` hooks one after another, in the order they were registered).
 */
export function useServerAndBrowser(options: ParleyServerOptions | (() => ParleyServerOptions) = {}): ServerAndBrowser {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(typeof options === 'function' ? options() : options), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('useServerAndBrowser: the server is not started yet (read it in a hook or a test, after beforeAll)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('useServerAndBrowser: Chromium is not launched yet (read it in a hook or a test, after beforeAll)');
      return browser;
    },
  };
}

/**
 * After each test of the calling `describe`: a failed test leaves a picture of every open page next to
 * the other artifacts (`<screenshotPrefix><test name>-<index>.png`), the test's cleanups run (last
 * first), and the next test waits until nobody is available in room support, so it starts with nobody
 * online. Returns the cleanups list the tests push to.
 */
export function useCleanupsAfterEach(env: ServerAndBrowser, screenshotPrefix: string): (() => unknown)[] {
  const cleanups: (() => unknown)[] = [];
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      const pages = env.browser.contexts().flatMap((open) => open.pages());
      await Promise.all(pages.map((page, index) => screenshot(page, `${screenshotPrefix}${context.task.name.slice(0, 40).replace(/\W+/g, '-')}-${index}`)));
    }
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await until(async () => (await availableAgents(env.server.url, ['support'])).support === 0);
  });
  return cleanups;
}

/** Where screenshots of the main states go: kept as CI artifacts and used in the README. */
export const artifactsDir = join(import.meta.dirname, '..', 'test-results', 'e2e');

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** A fresh browser context per person: separate storage, like two different machines. */
export async function newPerson(browser: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/favicon/.test(message.text())) errors.push(message.text());
  });
  return { context, page, errors };
}
