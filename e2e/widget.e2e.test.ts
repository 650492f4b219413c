import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { availableAgents, createClient, loginAgent } from '@parley/core';
import { signInAgent, until } from './agentBot';
import { newPerson, screenshot, startE2eServer } from './harness';
import { useCleanupsAfterEach, useServerAndBrowser } from './describeHooks';
import { compareWithReference, comparePngs } from './screenshotCompare';

/** The drop-in widget in Debian's Chromium against a real server, as a visitor meets it. */
describe('widget in Chromium', () => {
  // Agents who leave are offline at once, so each test starts with nobody online.
  const env = useServerAndBrowser({ presenceGraceMs: 0 });
  const cleanups = useCleanupsAfterEach(env, 'failed-');

  async function visitorPage(path: string): Promise<{ page: Page; errors: string[] }> {
    const person = await newPerson(env.browser);
    cleanups.push(() => person.context.close());
    await person.page.goto(`${env.server.url}${path}`);
    return person;
  }

  async function startChat(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('button', { name: 'Start chat' }).click();
  }

  it('offers "leave a message" when nobody is online, and the message reaches the first agent who comes online', async () => {
    const { page, errors } = await visitorPage('/');
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('heading', { name: 'Leave a message' }).waitFor();
    // Focus starts at the form's first field (Name), not at the Message field below Name and Email.
    await expect.poll(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('name'))).toBe('name');
    await page.getByLabel('Name', { exact: true }).fill('Olive Offline');
    await page.getByLabel('Email', { exact: true }).fill('olive@example.com');
    await page.getByLabel('Message', { exact: true }).fill('Is the Pro plan billed yearly?');
    await screenshot(page, 'widget-offline-form');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.getByText('Thanks! We will get back to you.').or(page.locator('.parley-offline[data-state="sent"]')).first().waitFor();

    const agent = await signInAgent(env.server.url, 'agent2');
    cleanups.push(() => agent.disconnect());
    await until(() => agent.invitations.length > 0);
    const chatId = agent.invitations[0]!.chat.id;
    const { messages } = await agent.send('messages:list', { chatId });
    expect(messages.map((message) => message.message)).toEqual(['Is the Pro plan billed yearly?']);
    const { chat } = await agent.send('chats:get', { chatId, fields: 'users' });
    expect(chat.users.find((user) => typeof user !== 'string' && user.role === 'user')).toMatchObject({ name: 'Olive Offline', contact: 'olive@example.com' });
    // The agent answers: the visitor, still on the page, is taken into the conversation and reads it live.
    await agent.agent.accept(chatId);
    await agent.chats.get(chatId).sendMessage('Hi Olive: yearly or monthly, as you like.');
    const log = page.getByRole('log');
    await log.getByText('Hi Olive: yearly or monthly, as you like.').waitFor();
    await log.getByText('Is the Pro plan billed yearly?').waitFor();
    expect(await page.getByText('Thanks! We will get back to you.').count()).toBe(0);
    await agent.chats.get(chatId).close();
    expect(errors).toEqual([]);
  });

  it('tells the visitor nobody is available when the only agent lets the offer expire (forever:alone)', async () => {
    const agent = await signInAgent(env.server.url, 'agent1');
    cleanups.push(() => agent.disconnect());
    const { page, errors } = await visitorPage('/fixtures/mount.html?interval=1&maxAttempts=1&name=Vera');
    await startChat(page);
    await until(() => agent.invitations.length > 0);
    await page.getByText('No agent is available right now.').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    await screenshot(page, 'widget-no-agent');
    expect(errors).toEqual([]);
  });

  it('queues a chat again whose offers ran out while the visitor was away, when the page comes back', async () => {
    const unanswering = await signInAgent(env.server.url, 'agent1');
    cleanups.push(() => unanswering.disconnect());
    const { page, errors } = await visitorPage('/fixtures/mount.html?interval=1&maxAttempts=1&name=Wanda');
    await startChat(page);
    await until(() => unanswering.invitations.length > 0);
    // Away before the offer runs out: the forever:alone goes to no socket of the visitor's.
    await page.goto('about:blank');
    const chatId = unanswering.invitations[0]!.chat.id;
    // The offer lasts 1 s and is the only one (maxAttempts 1).
    await new Promise((resolve) => setTimeout(resolve, 2500));
    unanswering.disconnect();
    const answering = await signInAgent(env.server.url, 'agent2');
    cleanups.push(() => answering.disconnect());
    answering.subscribe('invitation:new', ({ chat }) => void answering.agent.accept(chat.id));
    await page.goto(`${env.server.url}/fixtures/mount.html?interval=1&maxAttempts=1&name=Wanda`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.locator('.parley-header-title', { hasText: 'Bob Agent' }).waitFor({ timeout: 20_000 });
    expect(answering.invitations.map((invitation) => invitation.chat.id)).toContain(chatId);
    // The demo agents hold 3 chats at most: later tests need agent2's slots.
    await answering.chats.get(chatId).close();
    expect(errors).toEqual([]);
  });

  it('opens the next chat for the same visitor once one has ended, so the desk knows who is back', async () => {
    const agent = await signInAgent(env.server.url, 'agent1');
    cleanups.push(() => agent.disconnect());
    agent.subscribe('invitation:new', ({ chat }) => void agent.agent.accept(chat.id));
    const { page, errors } = await visitorPage('/fixtures/mount.html?name=Xena');
    await startChat(page);
    await page.locator('.parley-header-title', { hasText: 'Ada Agent' }).waitFor();
    await until(() => agent.invitations.length > 0);
    const first = agent.invitations[0]!.chat.id;
    const creator = async (chatId: string) => (await agent.send('chats:get', { chatId })).chat.creator;
    const xena = await creator(first);
    await agent.chats.get(first).close();
    await page.getByRole('button', { name: 'Start a new chat' }).click();
    await page.getByRole('button', { name: 'Start chat' }).click();
    await until(() => agent.invitations.length > 1);
    const second = agent.invitations[1]!.chat.id;
    expect(second).not.toBe(first);
    expect(await creator(second)).toBe(xena);
    await page.locator('.parley-header-title', { hasText: 'Ada Agent' }).waitFor();
    // The demo agents hold 3 chats at most: later tests need agent1's slots.
    await agent.chats.get(second).close();
    expect(errors).toEqual([]);
  });

  it('shows the chat as ended in the visitor’s other tab too when they end it in one', async () => {
    const agent = await signInAgent(env.server.url, 'agent1');
    cleanups.push(() => agent.disconnect());
    agent.subscribe('invitation:new', ({ chat }) => void agent.agent.accept(chat.id));
    const { page: first, errors } = await visitorPage('/fixtures/mount.html?name=Tabea');
    await startChat(first);
    await first.locator('.parley-header-title', { hasText: 'Ada Agent' }).waitFor();

    // The same site in a second tab: the same storage, so the same chat, over a connection of its own.
    const second = await first.context().newPage();
    second.on('pageerror', (error) => errors.push(error.message));
    await second.goto(first.url());
    await second.getByRole('button', { name: 'Open chat' }).click();
    await second.locator('.parley-header-title', { hasText: 'Ada Agent' }).waitFor();

    await first.getByRole('button', { name: 'Close chat' }).click();
    await first.getByRole('alertdialog').getByRole('button', { name: 'End chat' }).click();
    await first.getByText('You ended the chat.').waitFor();
    await second.getByText('You ended the chat.').waitFor({ timeout: 10_000 });
    expect(await second.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('a tab opened before the chat began joins that chat on "Start chat", as the same visitor', async () => {
    const agent = await signInAgent(env.server.url, 'agent1');
    cleanups.push(() => agent.disconnect());
    agent.subscribe('invitation:new', ({ chat }) => void agent.agent.accept(chat.id));
    const { page: first, errors } = await visitorPage('/fixtures/mount.html?name=Tilda');
    // Opened before any chat existed: its widget read no saved chat and shows the start form.
    const second = await first.context().newPage();
    second.on('pageerror', (error) => errors.push(error.message));
    await second.goto(first.url());
    await second.getByRole('button', { name: 'Open chat' }).click();
    const startInSecond = second.getByRole('button', { name: 'Start chat' });
    await startInSecond.waitFor();

    await startChat(first);
    await first.locator('.parley-header-title', { hasText: 'Ada Agent' }).waitFor();
    await startInSecond.click();
    await second.locator('.parley-header-title', { hasText: 'Ada Agent' }).waitFor();
    const composer = second.getByRole('textbox', { name: 'Message' });
    await composer.fill('Written in the other tab');
    await composer.press('Enter');
    await first.getByRole('log').getByText('Written in the other tab').waitFor();

    // One chat, one visitor: the agent was offered nothing more.
    const open = (await agent.send('users:chats', { userId: 'agent1' })).chats.filter((chat) => chat.status !== 'closed');
    const tildas = open.filter((chat) => agent.invitations.some((invitation) => invitation.chat.id === chat.id));
    expect(tildas).toHaveLength(1);
    await agent.chats.get(tildas[0]!.id).close();
    expect(errors).toEqual([]);
  });

  it('resumes the chat with its full history and an unsent draft after a reload, and the unread badge counts while closed', async () => {
    const agent = await signInAgent(env.server.url, 'agent1');
    cleanups.push(() => agent.disconnect());
    agent.subscribe('invitation:new', ({ chat }) => void agent.agent.accept(chat.id));
    const { page, errors } = await visitorPage('/fixtures/mount.html?name=Rita');
    await startChat(page);
    await page.locator('.parley-header-title', { hasText: 'Ada Agent' }).waitFor();
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Hello from the page');
    await composer.press('Enter');
    await until(async () => (await agent.send('users:chats', { userId: 'agent1' })).chats.some((chat) => chat.status === 'active'));
    const chatId = (await agent.send('users:chats', { userId: 'agent1' })).chats.find((chat) => chat.status === 'active')!.id;
    await agent.chats.get(chatId).sendMessage('Hi Rita, Ada here.');
    await page.getByRole('log').getByText('Hi Rita, Ada here.').waitFor();
    const fromRita = (await agent.send('messages:list', { chatId })).messages.find((message) => message.message === 'Hello from the page')!;
    await agent.chats.get(chatId).markRead(fromRita);
    await page.getByRole('log').getByRole('img', { name: 'Read' }).waitFor();
    // A question half typed when the page goes: still in the composer after the reload, and unsent.
    await composer.fill('And the invoice?');

    await page.reload();
    await page.getByRole('button', { name: 'Open chat' }).click();
    const log = page.getByRole('log');
    await until(async () => (await page.getByRole('textbox', { name: 'Message' }).inputValue()) === 'And the invoice?');
    await log.getByText('Hello from the page').waitFor();
    await log.getByText('Hi Rita, Ada here.').waitFor();
    // Who is who survives the reload: the agent's name in the header and on her messages, not "Chat" and an id.
    await page.locator('.parley-header-title', { hasText: 'Ada Agent' }).waitFor();
    await log.locator('.parley-message-sender', { hasText: 'Ada Agent' }).first().waitFor();
    expect(await log.getByText('agent1', { exact: true }).count()).toBe(0);
    // And what was read: Rita's message still shows as read by Ada, not merely sent.
    await log.getByRole('img', { name: 'Read' }).waitFor();
    await page.getByRole('textbox', { name: 'Message' }).fill('Still here after a reload');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await until(async () => (await agent.send('messages:list', { chatId })).messages.some((message) => message.message === 'Still here after a reload'));
    expect((await agent.send('messages:list', { chatId })).messages.map((message) => message.message)).not.toContain('And the invoice?');

    // Closed panel: a new message shows on the launcher's badge and in the page title.
    await page.getByRole('button', { name: 'Hide chat' }).click();
    await agent.chats.get(chatId).sendMessage('One more thing…');
    await page.getByRole('button', { name: /1 unread message/ }).waitFor();
    await until(async () => (await page.title()).startsWith('(1) New message'));
    await screenshot(page, 'widget-unread-badge');
    expect(errors).toEqual([]);
  });

  it('lists a long chat without a virtualizer: every row, from the newest; a reader scrolled up keeps the place until Jump', async () => {
    const agent = await signInAgent(env.server.url, 'agent1');
    cleanups.push(() => agent.disconnect());
    agent.subscribe('invitation:new', ({ chat }) => void agent.agent.accept(chat.id));
    const { page, errors } = await visitorPage('/fixtures/mount.html?name=Lena');
    await startChat(page);
    await page.locator('.parley-header-title', { hasText: 'Ada Agent' }).waitFor();
    await until(async () => (await agent.send('users:chats', { userId: 'agent1' })).chats.some((chat) => chat.status === 'active'));
    const chatId = (await agent.send('users:chats', { userId: 'agent1' })).chats.find((chat) => chat.status === 'active')!.id;
    for (let line = 1; line <= 40; line++) await agent.chats.get(chatId).sendMessage(`Line ${line} of a long answer`);
    const log = page.getByRole('log');
    await log.getByText('Line 40 of a long answer').waitFor();
    const distanceFromEnd = () => log.evaluate((el) => el.scrollHeight - el.clientHeight - el.scrollTop);
    const oldestTop = () => log.getByText('Line 1 of a long answer').evaluate((el) => el.getBoundingClientRect().top);

    // Every row is in the DOM (a virtualizer would hold the rows in view only), and the list is at its end.
    expect(await log.locator('.parley-message-row').count()).toBeGreaterThanOrEqual(40);
    await until(async () => (await distanceFromEnd()) <= 1);

    // Scrolled to the top, a new message leaves the view where it is and offers a jump.
    await log.evaluate((el) => el.scrollTo({ top: 0 }));
    await until(async () => (await log.evaluate((el) => el.scrollTop)) === 0);
    const before = await oldestTop();
    await agent.chats.get(chatId).sendMessage('Line 41, while Lena reads the top');
    const jump = page.getByRole('button', { name: '1 new message' });
    await jump.waitFor();
    expect(await oldestTop()).toBe(before);
    expect(await log.evaluate((el) => el.scrollTop)).toBe(0);
    await jump.click();
    await until(async () => (await distanceFromEnd()) <= 1);
    await log.getByText('Line 41, while Lena reads the top').waitFor();
    expect(await oldestTop()).toBeLessThan(before);
    expect(errors).toEqual([]);
  });

  it('looks the same on a page with hostile global CSS (shadow DOM), within a small tolerance', async () => {
    const shots: Buffer[] = [];
    for (const path of ['/fixtures/plain.html?open&room=lobby', '/fixtures/hostile.html?open&room=lobby']) {
      const { page } = await visitorPage(path);
      // Nobody serves room "lobby": the offline form is a stable state to compare.
      await page.getByRole('button', { name: 'Send message' }).waitFor();
      shots.push(await page.locator('parley-widget').screenshot({ animations: 'disabled' }));
    }
    const [plain, hostile] = shots as [Buffer, Buffer];
    expect(comparePngs(hostile, plain).ratio).toBeLessThan(0.01);
    const reference = await compareWithReference(hostile, join(import.meta.dirname, 'reference', 'widget-start.png'));
    expect(reference.ratio).toBeLessThan(0.02);
  });

  it('renders two <parley-chat> elements with separate state: own shadow root, own panel, own chat', async () => {
    const agent = await signInAgent(env.server.url, 'agent1');
    cleanups.push(() => agent.disconnect());
    const { page, errors } = await visitorPage('/fixtures/two.html');
    const sales = page.locator('#sales');
    const help = page.locator('#help');
    await help.getByRole('button', { name: 'Open chat' }).click();
    await help.getByRole('button', { name: 'Start chat' }).click();
    await until(() => agent.invitations.length > 0);
    await help.getByText('An agent is joining').waitFor();
    // The other widget was never opened and has no chat of its own.
    expect(await sales.getByRole('log').count()).toBe(0);
    await sales.getByRole('button', { name: 'Open chat' }).click();
    // Nobody serves "lobby": this one offers to leave a message, unaffected by the other's chat.
    await sales.getByRole('button', { name: 'Send message' }).waitFor();
    expect(await page.evaluate(() => Object.keys(window).filter((key) => /parley/i.test(key)))).toEqual(['Parley']);
    await screenshot(page, 'widget-two-elements');
    expect(errors).toEqual([]);
  });

  it('shows the queue position while waiting, and moves up when the chat ahead is taken', async () => {
    // One agent who takes one chat at a time: the second visitor waits in line.
    await env.server.addAgent({ username: 'solo', password: 'solo-password', name: 'Sol Solo', rooms: ['sales'], capacity: 1 });
    const { user, session } = await loginAgent(env.server.url, { username: 'solo', password: 'solo-password' });
    const solo = createClient({ url: env.server.url, token: session.token, user, storage: false });
    cleanups.push(() => solo.disconnect());
    const offered: string[] = [];
    solo.subscribe('invitation:new', ({ chat }) => offered.push(chat.id));
    await until(async () => (await availableAgents(env.server.url, ['sales'])).sales === 1);

    const first = await visitorPage('/fixtures/mount.html?room=sales&name=Ann');
    await startChat(first.page);
    await until(() => offered.length === 1);
    const second = await visitorPage('/fixtures/mount.html?room=sales&name=Ben');
    await startChat(second.page);
    await second.page.getByText('You are next in line.').waitFor();
    await screenshot(second.page, 'widget-queue-position');

    // Solo takes the first chat and finishes it: the slot frees up and the waiting chat is offered.
    await solo.agent.accept(offered[0]!);
    await solo.chats.get(offered[0]!).close();
    await until(() => offered.length === 2);
    await second.page.getByText('An agent is joining').waitFor();
    expect([...first.errors, ...second.errors]).toEqual([]);
  });

  it('counts down to the length limit, keeps a too-long message unsent, and asks before the header’s × ends the chat', async () => {
    const agent = await signInAgent(env.server.url, 'agent1');
    cleanups.push(() => agent.disconnect());
    const { page, errors } = await visitorPage('/fixtures/mount.html?room=support&name=Lena');
    await startChat(page);
    await until(() => agent.invitations.length > 0);

    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('z'.repeat(4_500));
    await page.getByText('500 characters over the limit').waitFor();
    expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await composer.press('Enter');
    // Not sent, not cleared: nothing reached the log, and the draft waits to be shortened.
    expect(await composer.inputValue()).toHaveLength(4_500);
    expect(await page.getByRole('log').getByText(/^z+$/).count()).toBe(0);
    await composer.fill('short enough');
    await composer.press('Enter');
    await page.getByRole('log').getByText('short enough').waitFor();

    // The header's × asks first; "Keep chatting" leaves the chat as it was.
    await page.getByRole('button', { name: 'Close chat' }).click();
    const question = page.getByRole('alertdialog', { name: 'End this chat?' });
    await question.waitFor();
    await screenshot(page, 'widget-end-chat-question');
    await question.getByRole('button', { name: 'Keep chatting' }).click();
    expect(await page.getByText('You ended the chat.').count()).toBe(0);
    await page.getByRole('button', { name: 'Close chat' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'End chat' }).click();
    await page.getByText('You ended the chat.').waitFor();
    expect(errors).toEqual([]);
  });

  it('says the connection is lost while its server is down, instead of the chat status', async () => {
    // A server of its own, stopped mid-chat (the shared one serves the other tests).
    const own = await startE2eServer({ presenceGraceMs: 0 });
    let stopped = false;
    cleanups.push(() => (stopped ? undefined : own.stop()));
    const person = await newPerson(env.browser);
    cleanups.push(() => person.context.close());
    const agent = await signInAgent(own.url, 'agent1');
    cleanups.push(() => agent.disconnect());
    await person.page.goto(`${own.url}/fixtures/mount.html?room=support&name=Nina`);
    await startChat(person.page);
    await person.page.getByText('Connecting you to an agent').waitFor();
    expect(await person.page.getByText('Connection lost. Reconnecting…').count()).toBe(0);

    agent.disconnect();
    await own.stop();
    stopped = true;
    await person.page.getByRole('status').filter({ hasText: 'Connection lost. Reconnecting…' }).waitFor();
    expect(await person.page.getByText('Connecting you to an agent').count()).toBe(0);
    await screenshot(person.page, 'widget-reconnecting');
  });

  it('works from the keyboard: Enter opens with focus inside, Tab stays inside, Escape closes back to the launcher', async () => {
    const agent = await signInAgent(env.server.url, 'agent1');
    cleanups.push(() => agent.disconnect());
    // Counted online before the widget asks, or it rightly shows the offline form (a loaded CI machine).
    await until(async () => (await availableAgents(env.server.url, ['support'])).support === 1);
    const { page, errors } = await visitorPage('/fixtures/mount.html?room=support');
    // What has focus, looking through the widget's shadow root.
    const focused = () =>
      page.evaluate(() => {
        const host = document.activeElement;
        const inner = host?.shadowRoot?.activeElement ?? host;
        return { inWidget: host?.tagName.toLowerCase() === 'parley-widget', label: inner?.getAttribute('aria-label') ?? inner?.textContent?.trim() ?? '', tag: inner?.tagName.toLowerCase() };
      });
    const launcher = page.getByRole('button', { name: 'Open chat' });
    await launcher.focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Your name (optional)').waitFor();
    await expect.poll(async () => (await focused()).tag).toBe('input');
    // Tab never leaves the open panel for the host page, and cycles: past the last control it comes
    // back to the name field (not stuck on "Start chat" by a control that is not rendered).
    const visited = new Set<string | undefined>();
    for (let press = 0; press < 6; press++) {
      await page.keyboard.press('Tab');
      const now = await focused();
      expect(now.inWidget).toBe(true);
      visited.add(now.tag);
    }
    expect([...visited].sort()).toEqual(['button', 'input']);
    // Shift+Tab from the first field goes round to the last control, not out to the host page.
    await page.getByLabel('Your name (optional)').focus();
    for (let press = 0; press < 3; press++) {
      await page.keyboard.press('Shift+Tab');
      expect((await focused()).inWidget).toBe(true);
    }
    // Typing goes into the form: the name reaches the chat the agent is offered.
    await page.getByLabel('Your name (optional)').focus();
    await page.keyboard.type('Kira Keys');
    await page.keyboard.press('Enter');
    await until(() => agent.invitations.some((invitation) => invitation.chat.id !== undefined));
    await expect.poll(async () => (await focused()).tag).toBe('textarea');
    // In the chat too, both ways round (the composer's hidden file picker is not a stop).
    for (const key of ['Shift+Tab', 'Tab']) {
      const seen = new Set<string>();
      for (let press = 0; press < 8; press++) {
        await page.keyboard.press(key);
        const now = await focused();
        expect(now.inWidget).toBe(true);
        seen.add(`${now.tag}:${now.label}`);
      }
      expect(seen.size).toBeGreaterThan(2);
    }
    await page.getByRole('textbox', { name: 'Message' }).focus();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    expect(await focused()).toMatchObject({ inWidget: true, label: 'Open chat' });
    expect(errors).toEqual([]);
  });

  it('forgets a saved chat whose token the server refuses (server reset) and offers a new one', async () => {
    const { page, errors } = await visitorPage('/fixtures/mount.html?room=lobby');
    await page.evaluate((server) => {
      const stale = { token: 'not-a-token-this-server-signed', chatId: 'gone' };
      localStorage.setItem(`parley:widget:${server}:lobby`, JSON.stringify(stale));
    }, env.server.url);
    await page.reload();
    await page.getByRole('button', { name: 'Open chat' }).click();
    // Nobody serves "lobby": a fresh start lands on the offline form, not on a dead chat window.
    await page.getByRole('button', { name: 'Send message' }).waitFor();
    expect(await page.evaluate((server) => localStorage.getItem(`parley:widget:${server}:lobby`), env.server.url)).toBeNull();
    expect(errors.filter((error) => !/401|Unauthorized|WebSocket/i.test(error))).toEqual([]);
  });
});
