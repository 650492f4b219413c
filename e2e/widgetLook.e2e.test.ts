import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { availableAgents, createClient, loginAgent } from '@parley/core';
import type { ParleyClient } from '@parley/core';
import { signInAgent, until } from './agentBot';
import { axeViolations } from './axe';
import { contrastFailures } from './contrast';
import { useCleanupsAfterEach, useServerAndBrowser } from './describeHooks';
import { compareWithReference } from './screenshotCompare';

const welcome = 'Hi there! Ask us **anything** about your hosting.';
const screenshotsDir = join(import.meta.dirname, '..', 'docs', 'screenshots');

/**
 * Issue 15's polish of the widget, as a visitor sees it in Chromium against a real server whose room
 * "support" has a welcome message and a usual reply time in its settings.
 */
describe('widget look in Chromium (issue 15)', () => {
  const env = useServerAndBrowser({ presenceGraceMs: 0, roomSettings: { support: { welcome, replyTime: 'minutes' } } });
  const cleanups = useCleanupsAfterEach(env, 'failed-look-');

  /** A visitor's page; the CSP is bypassed only so axe-core can be injected from node_modules. */
  async function visit(path: string, options: BrowserContextOptions = {}): Promise<{ page: Page; errors: string[] }> {
    const context = await env.browser.newContext({ viewport: { width: 1100, height: 760 }, reducedMotion: 'reduce', bypassCSP: true, ...options });
    cleanups.push(() => context.close());
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${env.server.url}${path}`);
    return { page, errors };
  }

  interface HelpfulAgent {
    client: ParleyClient;
    /** Ids of the chats it accepted, oldest first. */
    accepted: string[];
  }

  /** agent1 online, accepting every chat offered; its chats are closed after the test (capacity 3). */
  async function helpfulAgent(): Promise<HelpfulAgent> {
    const client = await signInAgent(env.server.url, 'agent1');
    const accepted: string[] = [];
    cleanups.push(async () => {
      for (const chatId of accepted) await client.chats.get(chatId).close().catch(() => undefined);
      client.disconnect();
    });
    client.subscribe('invitation:new', ({ chat }) => void client.agent.accept(chat.id).then(() => accepted.push(chat.id)));
    // The widget asks who is online when it opens: a page opened before the server counts this agent
    // online (a loaded machine) rightly shows the offline form instead of the start form.
    await until(async () => (await availableAgents(env.server.url, ['support'])).support === 1);
    return { client, accepted };
  }

  /** Starts a chat from the open widget and returns its id once the agent has accepted it. */
  async function startAccepted(page: Page, agent: HelpfulAgent): Promise<string> {
    const before = agent.accepted.length;
    await page.getByRole('button', { name: 'Start chat' }).click();
    await until(() => agent.accepted.length > before);
    return agent.accepted[before]!;
  }

  /** A conversation in a known state: the agent's two lines, the visitor's two, all read by the agent. */
  async function conversation(page: Page, agent: HelpfulAgent): Promise<string> {
    if (!(await page.getByRole('button', { name: 'Start chat' }).isVisible())) await page.getByRole('button', { name: 'Open chat' }).click();
    const chatId = await startAccepted(page, agent);
    await page.locator('.parley-header-title', { hasText: 'Ada Agent' }).waitFor();
    const chat = agent.client.chats.get(chatId);
    await chat.sendMessage('Hello! I am **Ada**. How can I help?');
    await chat.sendMessage('You can also read our guides at www.example.com or write to help@example.com.');
    const log = page.getByRole('log');
    await log.getByText('write to').waitFor();
    const composer = page.getByRole('textbox', { name: 'Message' });
    for (const line of ['Hi Ada! My site is slow since yesterday.', 'It is acme.example, on the Pro plan.']) {
      await composer.fill(line);
      await composer.press('Enter');
      await log.getByText(line).waitFor();
    }
    let last: Parameters<typeof chat.markRead>[0] | undefined;
    await until(async () => {
      const { messages } = await agent.client.send('messages:list', { chatId });
      last = messages.find((message) => message.message === 'It is acme.example, on the Pro plan.');
      return last !== undefined;
    });
    await chat.markRead(last!);
    await until(async () => (await log.getByRole('img', { name: 'Read' }).count()) === 2);
    return chatId;
  }

  /** Screenshot of the whole page, clock text masked, against the committed picture in docs/screenshots. */
  async function matchesScreenshot(page: Page, name: string): Promise<void> {
    const times: Locator = page.locator('time');
    const shot = await page.screenshot({ animations: 'disabled', caret: 'hide', mask: [times], maskColor: '#8a919c' });
    const difference = await compareWithReference(shot, join(screenshotsDir, `${name}.png`));
    expect(difference.ratio, `${name}.png differs from docs/screenshots (PARLEY_UPDATE_SCREENSHOTS=1 rewrites it)`).toBeLessThan(0.02);
  }

  it('shows avatars in the header and beside each group, one time per sender-and-minute group, the exact time on hover and focus', async () => {
    const agent = await helpfulAgent();
    const { page, errors } = await visit('/fixtures/mount.html?room=support&name=Gil');
    await conversation(page, agent);
    const header = page.locator('.parley-header');
    expect(await header.locator('.parley-avatar').textContent()).toBe('AA');

    const log = page.getByRole('log');
    const rows = log.locator('.parley-message');
    expect(await rows.count()).toBe(4);
    // Groups from what each bubble says of itself: who (side) and which minute (its exact time).
    const keys = await rows.evaluateAll((elements) => elements.map((row) => `${row.getAttribute('data-side')}|${row.querySelector('.parley-bubble')?.getAttribute('title')}`));
    const groups = keys.filter((key, index) => index === 0 || keys[index - 1] !== key).length;
    expect(groups).toBeLessThan(keys.length);
    expect(await log.locator('time').count()).toBe(groups);
    // The agent's group starts with her avatar; the rest of the group is bubbles only.
    expect(await rows.first().locator('.parley-avatar').textContent()).toBe('AA');
    expect(await log.locator('.parley-avatar').count()).toBe(await log.locator('.parley-message[data-side="theirs"][data-group-start]').count());

    // Hover: every bubble carries its exact date and time. Focus: the group's time shows it as a tooltip.
    const firstTime = log.locator('time').first();
    const exact = await firstTime.getAttribute('title');
    expect(exact).toMatch(/\d{4}/);
    expect(await rows.nth(1).locator('.parley-bubble').getAttribute('title')).toMatch(/\d{4}/);
    await firstTime.focus();
    expect(await firstTime.evaluate((time) => getComputedStyle(time, '::after').content)).toBe(JSON.stringify(exact));
    expect(errors).toEqual([]);
  });

  it('shows an agent’s photo as the avatar when the agent has one', async () => {
    const photo = `${env.server.url}/fixtures/agent-photo.png`;
    await env.server.addAgent({ username: 'pat', password: 'pat-password', name: 'Pat Photo', rooms: ['photos'], avatarUrl: photo });
    const { user, session } = await loginAgent(env.server.url, { username: 'pat', password: 'pat-password' });
    const pat = createClient({ url: env.server.url, token: session.token, user, storage: false });
    const accepted: string[] = [];
    pat.subscribe('invitation:new', ({ chat }) => void pat.agent.accept(chat.id).then(() => accepted.push(chat.id)));
    cleanups.push(async () => {
      for (const chatId of accepted) await pat.chats.get(chatId).close().catch(() => undefined);
      pat.disconnect();
    });
    await until(async () => (await availableAgents(env.server.url, ['photos'])).photos === 1);
    const { page, errors } = await visit('/fixtures/mount.html?room=photos&name=Ida');
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('button', { name: 'Start chat' }).click();
    await until(() => accepted.length === 1);
    await pat.chats.get(accepted[0]!).sendMessage('Hi Ida, Pat here.');
    await page.getByRole('log').getByText('Pat here').waitFor();
    for (const avatar of [page.locator('.parley-header .parley-avatar img'), page.getByRole('log').locator('.parley-avatar img')]) {
      expect(await avatar.getAttribute('src')).toBe(photo);
      await expect.poll(() => avatar.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(64);
    }
    expect(errors).toEqual([]);
  });

  it('renders safe Markdown in messages: bold, italic, code, lists and links, never HTML', async () => {
    const agent = await helpfulAgent();
    const { page, errors } = await visit('/fixtures/mount.html?room=support&name=Mo');
    await page.getByRole('button', { name: 'Open chat' }).click();
    const chatId = await startAccepted(page, agent);
    await agent.client.chats
      .get(chatId)
      .sendMessage('**Bold** and _italic_ with `<b>code</b>`:\n- one\n- two\nSee www.example.com, help@example.com, [docs](https://example.com/docs) or [x](javascript:alert(1)) <i>raw</i>');
    const bubble = page.getByRole('log').locator('.parley-bubble', { hasText: 'Bold' });
    await bubble.waitFor();
    expect(await bubble.locator('strong').textContent()).toBe('Bold');
    expect(await bubble.locator('em').textContent()).toBe('italic');
    expect(await bubble.locator('code').textContent()).toBe('<b>code</b>');
    expect(await bubble.locator('li').allTextContents()).toEqual(['one', 'two']);
    expect(await bubble.locator('b, i, script').count()).toBe(0);
    const links = await bubble.locator('a').evaluateAll((anchors) => anchors.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('rel'), a.getAttribute('target')]));
    expect(links).toEqual([
      ['www.example.com', 'https://www.example.com/', 'noopener noreferrer nofollow', '_blank'],
      ['help@example.com', 'mailto:help@example.com', 'noopener noreferrer nofollow', '_blank'],
      ['docs', 'https://example.com/docs', 'noopener noreferrer nofollow', '_blank'],
    ]);
    expect(await bubble.textContent()).toContain('[x](javascript:alert(1)) <i>raw</i>');
    expect(errors).toEqual([]);
  });

  it('greets with the room’s welcome and reply time, says the title once, and anchors the start form at the bottom', async () => {
    const agent = await helpfulAgent();
    const { page, errors } = await visit('/fixtures/mount.html?room=support');
    await page.getByRole('button', { name: 'Open chat' }).click();
    const form = page.getByRole('form', { name: 'Chat with us' });
    await form.getByRole('complementary', { name: 'Welcome message' }).getByText('anything').waitFor();
    await page.getByText('Usually replies in a few minutes').waitFor();
    expect(await page.getByText('Chat with us', { exact: true }).count()).toBe(1);
    // Composed in the panel's height: the form ends at the bottom of the body, far below the header.
    const body = (await page.locator('.parley-window-body').boundingBox())!;
    const box = (await form.boundingBox())!;
    expect(body.y + body.height - (box.y + box.height)).toBeLessThan(2);
    expect(box.y - body.y).toBeGreaterThan(100);

    // In the chat, the welcome stands in for "no messages yet" until the first message.
    await startAccepted(page, agent);
    await page.getByRole('log').waitFor();
    await page.getByRole('complementary', { name: 'Welcome message' }).waitFor();
    expect(await page.getByText('No messages yet').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('centres the offline form and its "Thanks!" in the panel, titled once in the header', async () => {
    const { page, errors } = await visit('/fixtures/mount.html?room=support&open');
    const form = page.getByRole('form', { name: 'Leave a message' });
    await form.waitFor();
    expect(await page.getByText('Leave a message', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Leave a message' }).count()).toBe(1);
    const centred = async (locator: Locator) => {
      const body = (await page.locator('.parley-window-body').boundingBox())!;
      const box = (await locator.boundingBox())!;
      return Math.abs(box.y - body.y - (body.y + body.height - (box.y + box.height)));
    };
    expect(await centred(form)).toBeLessThan(4);
    await form.getByLabel('Name', { exact: true }).fill('Olive');
    await form.getByLabel('Email', { exact: true }).fill('olive@example.com');
    await form.getByLabel('Message', { exact: true }).fill('Do you host Node 20?');
    await form.getByRole('button', { name: 'Send message' }).click();
    const thanks = page.getByRole('status').filter({ hasText: 'Thanks!' });
    await thanks.waitFor();
    expect(await centred(thanks)).toBeLessThan(4);
    expect(errors).toEqual([]);
  });

  it('takes the whole screen below 480 px, hides the launcher and locks the page’s scroll until closed', async () => {
    await helpfulAgent();
    const { page, errors } = await visit('/fixtures/mount.html?room=support', { viewport: { width: 375, height: 667 } });
    await page.evaluate(() => {
      document.body.style.overflow = 'auto';
      document.body.append(Object.assign(document.createElement('div'), { style: 'height: 3000px' }));
    });
    await page.getByRole('button', { name: 'Open chat' }).click();
    const panel = page.locator('.parley-widget-panel');
    await page.getByRole('button', { name: 'Start chat' }).waitFor();
    expect(await panel.boundingBox()).toEqual({ x: 0, y: 0, width: 375, height: 667 });
    expect(await page.getByRole('button', { name: 'Hide chat' }).count()).toBe(0);
    expect(await page.locator('.parley-launcher').isVisible()).toBe(false);
    const overflow = () => page.evaluate(() => [getComputedStyle(document.documentElement).overflow, document.body.style.overflow]);
    expect(await overflow()).toEqual(['hidden', 'hidden']);
    await page.mouse.wheel(0, 800);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);

    // Focus comes back to the launcher, hidden while the panel was open: not dropped on the host page.
    const launcherHasFocus = () => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.classList.contains('parley-launcher') === true);
    await page.getByRole('button', { name: 'Minimize chat' }).click();
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    expect(await overflow()).toEqual(['visible', 'auto']);
    expect(await launcherHasFocus()).toBe(true);
    // The same from the keyboard: Enter opens full screen, Escape closes back to the launcher.
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Start chat' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    expect(await launcherHasFocus()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('keeps WCAG AA contrast for every text and field in light and dark, in every state', async () => {
    const agent = await helpfulAgent();
    for (const theme of ['light', 'dark'] as const) {
      const failures: unknown[] = [];
      const { page } = await visit(`/fixtures/mount.html?room=support&theme=${theme}&name=Cy`);
      await page.getByRole('button', { name: 'Open chat' }).click();
      await page.getByRole('button', { name: 'Start chat' }).waitFor();
      failures.push(...(await contrastFailures(page)));
      await conversation(page, agent);
      failures.push(...(await contrastFailures(page)));
      await page.getByRole('button', { name: 'Close chat' }).click();
      await page.getByRole('alertdialog').waitFor();
      failures.push(...(await contrastFailures(page)));
      await page.getByRole('button', { name: 'End chat' }).click();
      await page.getByText('You ended the chat.').waitFor();
      failures.push(...(await contrastFailures(page)));
      const offline = await visit(`/fixtures/mount.html?room=lobby&theme=${theme}&open`);
      await offline.page.getByRole('button', { name: 'Send message' }).click();
      await offline.page.getByText('This field is required.').first().waitFor();
      failures.push(...(await contrastFailures(offline.page)));
      expect(failures, theme).toEqual([]);
    }
  });

  it('has no axe violations in any state: start, queued, conversation, closed, offline form, light and dark', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const found: string[] = [];
      const check = async (page: Page, state: string) => found.push(...(await axeViolations(page)).map((violation) => `${theme} ${state}: ${violation}`));
      // Queued: an agent online who does not answer the offer.
      const silent = await signInAgent(env.server.url, 'agent2');
      const waiting = await visit(`/fixtures/mount.html?room=support&theme=${theme}`);
      await waiting.page.getByRole('button', { name: 'Open chat' }).click();
      await waiting.page.getByRole('button', { name: 'Start chat' }).waitFor();
      await check(waiting.page, 'start');
      await waiting.page.getByRole('button', { name: 'Start chat' }).click();
      await waiting.page.getByText('An agent is joining').waitFor();
      await check(waiting.page, 'queued');
      // Ended, so the next agent is not offered this chat in the next steps.
      await waiting.page.getByRole('button', { name: 'Close chat' }).click();
      await waiting.page.getByRole('button', { name: 'End chat' }).click();
      await waiting.page.getByText('You ended the chat.').waitFor();
      silent.disconnect();
      await until(async () => (await availableAgents(env.server.url, ['support'])).support === 0);

      const agent = await helpfulAgent();
      const talking = await visit(`/fixtures/mount.html?room=support&theme=${theme}&name=Axel`);
      await conversation(talking.page, agent);
      await check(talking.page, 'conversation');
      await talking.page.getByRole('button', { name: 'Close chat' }).click();
      await talking.page.getByRole('button', { name: 'End chat' }).click();
      await talking.page.getByText('You ended the chat.').waitFor();
      await check(talking.page, 'closed');
      for (const chatId of agent.accepted) await agent.client.chats.get(chatId).close().catch(() => undefined);
      agent.client.disconnect();
      await until(async () => (await availableAgents(env.server.url, ['support'])).support === 0);

      const offline = await visit(`/fixtures/mount.html?room=lobby&theme=${theme}&open`);
      await offline.page.getByRole('button', { name: 'Send message' }).waitFor();
      await check(offline.page, 'offline form');
      expect(found).toEqual([]);
    }
  });

  it('keeps the look of the main states: screenshots in light, dark and at 375 px match docs/screenshots', async () => {
    const agent = await helpfulAgent();
    const start = await visit('/fixtures/mount.html?room=support');
    await start.page.getByRole('button', { name: 'Open chat' }).click();
    await start.page.getByRole('button', { name: 'Start chat' }).waitFor();
    await start.page.getByText('Usually replies in a few minutes').waitFor();
    await matchesScreenshot(start.page, 'widget-start');

    for (const theme of ['light', 'dark'] as const) {
      const { page } = await visit(`/fixtures/mount.html?room=support&theme=${theme}&name=Gil`);
      await conversation(page, agent);
      await matchesScreenshot(page, `widget-conversation-${theme}`);
      await page.getByRole('button', { name: 'Close chat' }).click();
      await page.getByRole('button', { name: 'End chat' }).click();
    }

    const phone = await visit('/fixtures/mount.html?room=support&name=Pia', { viewport: { width: 375, height: 667 } });
    await conversation(phone.page, agent);
    await matchesScreenshot(phone.page, 'widget-conversation-375');

    const offline = await visit('/fixtures/mount.html?room=lobby&theme=dark&open');
    await offline.page.getByRole('button', { name: 'Send message' }).waitFor();
    await matchesScreenshot(offline.page, 'widget-offline-form-dark');
  });

  it('uses an emoji font stack, so emoji find a colour font instead of boxes', async () => {
    const { page } = await visit('/fixtures/mount.html?room=lobby&open');
    await page.getByRole('button', { name: 'Send message' }).waitFor();
    const fonts = await page.locator('.parley-window').evaluate((window) => getComputedStyle(window).fontFamily);
    for (const font of ['Apple Color Emoji', 'Segoe UI Emoji', 'Noto Color Emoji']) expect(fonts).toContain(font);
  });

  it('wraps the demo page’s script tag at 375 px instead of overflowing the page', async () => {
    const demo = await visit('/', { viewport: { width: 375, height: 667 } });
    const snippet = demo.page.locator('pre');
    await snippet.waitFor();
    expect(await demo.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await snippet.evaluate((pre) => pre.scrollWidth <= pre.clientWidth)).toBe(true);
  });
});
