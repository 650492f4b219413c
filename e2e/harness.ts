import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ParleyServer, ParleyServerOptions } from '@parley/server';
import { startParleyServer } from '@parley/server';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createPgliteDataDir } from '../packages/server/src/store/testDatabases';
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
