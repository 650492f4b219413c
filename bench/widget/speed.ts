// The widget's speed in Chromium against a real Parley server on localhost (e2e/harness.ts): a visitor's
// first visit to the demo page, each in a fresh browser context (empty HTTP cache and storage). Every
// time is measured in the page by bench/widget/page/probe.js, as performance.now() marks since the
// navigation started; Node only drives the page and plays the agent (e2e/agentBot.ts).
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, Page } from 'playwright-core';
import type { Chat } from '@parley/core';
import { signInAgent } from '../../e2e/agentBot';
import { newPerson } from '../../e2e/harness';

export const greeting = 'Hello from Ada';
const probePath = join(import.meta.dirname, 'page', 'probe.js');

/** performance.now() marks of the probe, ms since the page's timeOrigin. */
export interface Marks {
  hostFound?: number;
  launcherVisible?: number;
  launcherPainted?: number;
  openClick?: number;
  appRendered?: number;
  panelShown?: number;
  panelPainted?: number;
  startReady?: number;
  startPainted?: number;
  startClick?: number;
  socketCreated?: number;
  socketOpen?: number;
  logShown?: number;
  messageShown?: number;
  messagePainted?: number;
  /** 1 when the full widget had been requested before the probe's own click (the idle load won the race). */
  appRequestedBeforeClick?: number;
}

interface ResourceTiming {
  name: string;
  initiatorType: string;
  startTime: number;
  responseEnd: number;
  transferSize: number;
  encodedBodySize: number;
}

interface PageTimings {
  timeOrigin: number;
  marks: Marks;
  domContentLoaded: number;
  load: number;
  firstContentfulPaint: number;
  resources: ResourceTiming[];
}

/** The bot's side of one chat, on Node's clock as epoch milliseconds (performance.timeOrigin + now()). */
export interface BotChat {
  chatId: string;
  invited: number;
  accepted?: number;
  sending?: number;
  sent?: number;
  error?: string;
  chat?: Chat;
}

/** Run (a) + (b): load the page, then open the widget, start a chat and wait for the agent's greeting. */
export interface VisitResult {
  page: PageTimings;
  bot: BotChat;
}

/** Run (c): "Open chat" clicked the moment the launcher shows, before the loader's idle load. */
export interface OpenResult {
  page: PageTimings;
}

const epoch = () => performance.timeOrigin + performance.now();

const readTimings = `(() => {
  const navigation = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {
    timeOrigin: performance.timeOrigin,
    marks: { ...window.__parleyBench.marks },
    domContentLoaded: navigation ? navigation.domContentLoadedEventEnd : NaN,
    load: navigation ? navigation.loadEventEnd : NaN,
    firstContentfulPaint: fcp ? fcp.startTime : NaN,
    resources: performance.getEntriesByType('resource').map((entry) => ({
      name: entry.name,
      initiatorType: entry.initiatorType,
      startTime: entry.startTime,
      responseEnd: entry.responseEnd,
      transferSize: entry.transferSize,
      encodedBodySize: entry.encodedBodySize,
    })),
  };
})()`;

/**
 * Waits until the probe has set the mark, asking every 20 ms (not every frame, to stay out of the page's
 * way). A string given to page.evaluate goes through DevTools, so the page's CSP (no eval) does not apply;
 * page.waitForFunction with a string would eval in the page and be refused.
 */
async function waitForMark(page: Page, name: keyof Marks, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const expression = `Boolean(window.__parleyBench && window.__parleyBench.marks[${JSON.stringify(name)}] !== undefined)`;
  while (!((await page.evaluate(expression)) as boolean)) {
    if (Date.now() > deadline) throw new Error(`the page did not reach "${name}" within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function openPage(browser: Browser, config: Record<string, unknown>) {
  const person = await newPerson(browser);
  await person.context.addInitScript({ content: `window.__parleyBenchConfig = ${JSON.stringify(config)};` });
  await person.context.addInitScript({ path: probePath });
  return person;
}

/** Agent1 signed in from Node: accepts every invitation at once and greets the visitor. */
export async function startBot(url: string) {
  const agent = await signInAgent(url, 'agent1');
  const chats: BotChat[] = [];
  agent.subscribe('invitation:new', ({ chat }) => {
    const record: BotChat = { chatId: chat.id, invited: epoch() };
    chats.push(record);
    void (async () => {
      record.chat = await agent.agent.accept(chat.id);
      record.accepted = epoch();
      record.sending = epoch();
      await record.chat.sendMessage(greeting);
      record.sent = epoch();
    })().catch((error: unknown) => {
      record.error = error instanceof Error ? error.message : String(error);
    });
  });
  return { agent, chats };
}

export type Bot = Awaited<ReturnType<typeof startBot>>;

function failIfErrors(errors: string[]): void {
  if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
}

/**
 * (a) page load → launcher visible, then (b) "Start chat" → the agent's first message in the log. The
 * visitor opens the widget and types a name with Playwright's real input; the probe times the clicks.
 */
export async function visit(browser: Browser, url: string, bot: Bot, timeoutMs: number): Promise<VisitResult> {
  const { context, page, errors } = await openPage(browser, { message: greeting, until: 'messagePainted' });
  const before = bot.chats.length;
  try {
    await page.goto(`${url}/`, { waitUntil: 'load' });
    await waitForMark(page, 'launcherPainted', timeoutMs);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByLabel('Your name (optional)').fill('Bench Visitor');
    await page.getByRole('button', { name: 'Start chat' }).click();
    await waitForMark(page, 'messagePainted', timeoutMs);
    const timings = (await page.evaluate(readTimings)) as PageTimings;
    failIfErrors(errors);
    const mine = bot.chats.slice(before);
    if (mine.length !== 1) throw new Error(`the bot got ${mine.length} invitations for one chat`);
    const record = mine[0]!;
    if (record.error) throw new Error(`the bot failed: ${record.error}`);
    return { page: timings, bot: record };
  } finally {
    // Free the agent's seat (capacity 3) for the next run; the visitor's context goes with it.
    for (const record of bot.chats.slice(before)) await record.chat?.close().catch(() => undefined);
    await context.close();
  }
}

/** (c) "Open chat" clicked by the probe the moment the launcher shows → the panel ready to start a chat. */
export async function openAtOnce(browser: Browser, url: string, timeoutMs: number): Promise<OpenResult> {
  const { context, page, errors } = await openPage(browser, { autoOpen: true, until: 'startPainted' });
  try {
    await page.goto(`${url}/`, { waitUntil: 'load' });
    await waitForMark(page, 'startPainted', timeoutMs);
    const timings = (await page.evaluate(readTimings)) as PageTimings;
    failIfErrors(errors);
    return { page: timings };
  } finally {
    await context.close();
  }
}

/** The resource entry of the file whose URL ends with `suffix`. */
export function resource(timings: PageTimings, suffix: string): ResourceTiming | undefined {
  return timings.resources.find((entry) => entry.name.split('?')[0]!.endsWith(suffix));
}
