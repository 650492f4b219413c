import { availableAgents } from '@parley/core';
import type { ParleyServerOptions } from '@parley/server';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { until } from './agentBot';
import type { E2eServer } from './harness';
import { launchChromium, screenshot, startE2eServer } from './harness';

// The hooks every browser suite registers, apart from harness.ts, which the widget benchmark imports
// outside a test run.

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

async function closeDemoAgentsChats(server: E2eServer): Promise<void> {
  for (const agentId of ['agent1', 'agent2']) {
    const listed = await server.engine.execute({ id: agentId, role: 'agent' }, 'users:chats', { userId: agentId });
    if (!listed.ok) continue;
    for (const chat of listed.data.chats.filter((open) => open.status !== 'closed')) {
      await server.engine.execute({ id: agentId, role: 'agent' }, 'chats:close', { chatId: chat.id, userId: agentId });
    }
  }
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
    // A test that failed half way may have left chats with the demo agents, who hold 3 at most: the
    // next tests would then wait for offers that never come. Ended here, so one failure stays one.
    if (context.task.result?.state === 'fail') await closeDemoAgentsChats(env.server);
    await until(async () => (await availableAgents(env.server.url, ['support'])).support === 0);
  });
  return cleanups;
}
