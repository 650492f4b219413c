import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { User } from '@parley/protocol';
import { signInAgent, until } from './agentBot';
import { newPerson, screenshot } from './harness';
import { useCleanupsAfterEach, useServerAndBrowser } from './describeHooks';

type Recorded = [name: string, payload: unknown];

/** Shared by the server and "the host's backend" below; never by the page. */
const identitySecret = 'acme-backend-identity-secret-acme-backend';

/**
 * What the host's backend does per page view: sign who the signed-in user is, for a few minutes. A
 * plain HS256 JWT, here with node:crypto alone (docs/protocol.md §1 has the same in a few lines).
 */
async function mintIdentity(sub: string, name: string, secret = identitySecret): Promise<string> {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, name, email: `${sub}@acme.test`, exp: Math.floor(Date.now() / 1000) + 600 })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

interface PageParley {
  setUser(identity: { token: string }): Promise<void>;
  setAttributes(attributes: Record<string, string | number>): Promise<void>;
}

/** Runs `Parley.setUser` in the page; the refusal's code, or null when it was accepted. */
function setUserIn(page: Page, token: string): Promise<string | null> {
  return page.evaluate(
    (identity) =>
      (window as unknown as { Parley: PageParley }).Parley.setUser({ token: identity }).then(
        () => null,
        (error: { code?: string }) => error.code ?? 'no code',
      ),
    token,
  );
}

/** The widget's JavaScript API as a host page uses it, in Debian's Chromium against a real server. */
describe('widget JavaScript API in Chromium', () => {
  const env = useServerAndBrowser({ presenceGraceMs: 0, identitySecret });
  const cleanups = useCleanupsAfterEach(env, 'failed-api-');

  async function visitorPage(path: string): Promise<{ page: Page; errors: string[] }> {
    const person = await newPerson(env.browser);
    cleanups.push(() => person.context.close());
    await person.page.goto(`${env.server.url}${path}`);
    return person;
  }

  const eventsOf = (page: Page) => page.evaluate(() => (window as unknown as { parleyEvents: Recorded[] }).parleyEvents);
  const namesOf = async (page: Page) => (await eventsOf(page)).map(([name]) => name);

  it('replays calls queued before the loader, hides the launcher for a host button, and reports every event', async () => {
    const agent = await signInAgent(env.server.url, 'agent1');
    cleanups.push(() => agent.disconnect());
    agent.subscribe('invitation:new', ({ chat }) => void agent.agent.accept(chat.id));
    const { page, errors } = await visitorPage('/fixtures/api.html?hide');

    // `Parley('hide')` was queued before the loader existed: no launcher, the host's own button instead.
    await until(async () => (await page.evaluate(() => document.querySelector('parley-widget')?.hasAttribute('data-launcher-hidden'))) === true);
    expect(await page.getByRole('button', { name: 'Open chat' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Talk to our team' }).click();
    await page.getByRole('button', { name: 'Start chat' }).click();
    await page.locator('.parley-header-title', { hasText: 'Ada Agent' }).waitFor();
    await until(async () => (await namesOf(page)).includes('chatStarted'));
    const chatId = (await eventsOf(page)).find(([name]) => name === 'chatStarted')![1] as { chatId: string };

    await agent.chats.get(chatId.chatId).sendMessage('Hello from Ada');
    await until(async () => (await namesOf(page)).includes('agentMessage'));
    expect((await eventsOf(page)).find(([name]) => name === 'agentMessage')![1]).toMatchObject({
      chatId: chatId.chatId,
      text: 'Hello from Ada',
      agentId: 'agent1',
      agentName: 'Ada Agent',
    });

    // Closed from the page: the next agent message counts as unread, then the agent ends the chat.
    await page.evaluate(() => (window as unknown as { Parley: { close(): void } }).Parley.close());
    await agent.chats.get(chatId.chatId).sendMessage('Anything else?');
    await until(async () => (await eventsOf(page)).some(([name, payload]) => name === 'unreadCountChanged' && (payload as { count: number }).count === 1));
    const names = await namesOf(page);
    expect(names.filter((name) => ['ready', 'opened', 'chatStarted', 'closed'].includes(name))).toEqual(['ready', 'opened', 'chatStarted', 'closed']);
    expect(names.filter((name) => name === 'agentMessage')).toHaveLength(2);

    // After a reload the chat resumes: its history is not announced again, only what comes next.
    await page.reload();
    await until(async () => (await namesOf(page)).includes('ready'));
    // Connected again once the unread history is counted (a message sent before the widget's socket is
    // back is history to it: shown and counted, not announced).
    await until(async () => (await eventsOf(page)).some(([name, payload]) => name === 'unreadCountChanged' && (payload as { count: number }).count === 1));
    await agent.chats.get(chatId.chatId).sendMessage('After the reload');
    await until(async () => (await namesOf(page)).includes('agentMessage'));
    await agent.chats.get(chatId.chatId).close();
    await until(async () => (await namesOf(page)).includes('chatEnded'));
    const resumed = await eventsOf(page);
    expect(resumed.filter(([name]) => name === 'agentMessage').map(([, payload]) => (payload as { text: string }).text)).toEqual(['After the reload']);
    expect(resumed.find(([name]) => name === 'chatEnded')![1]).toEqual({ chatId: chatId.chatId, by: 'agent' });
    expect(resumed.map(([name]) => name)).not.toContain('chatStarted');

    // `show()` brings the launcher back.
    await page.evaluate(() => (window as unknown as { Parley: { show(): void } }).Parley.show());
    await page.getByRole('button', { name: /Open chat/ }).waitFor();
    expect(errors).toEqual([]);
  });

  it('speaks German from data-lang, French after setLocale, and the browser’s Spanish when the host says nothing', async () => {
    const { page, errors } = await visitorPage('/fixtures/api.html?lang=de&room=lobby');
    await page.getByRole('button', { name: 'Chat öffnen' }).click();
    // Nobody serves "lobby": the offline form, in German.
    await page.getByRole('heading', { name: 'Nachricht hinterlassen' }).waitFor();
    await page.getByRole('button', { name: 'Nachricht senden' }).waitFor();
    await screenshot(page, 'widget-offline-form-de');

    await page.evaluate(() => (window as unknown as { Parley: { setLocale(lang: string): void } }).Parley.setLocale('fr'));
    await page.getByRole('heading', { name: 'Laisser un message' }).waitFor();
    await page.getByRole('button', { name: 'Masquer le chat' }).waitFor();
    expect(await page.getByText('Nachricht hinterlassen').count()).toBe(0);
    expect(errors).toEqual([]);

    const context = await env.browser.newContext({ locale: 'es-ES', viewport: { width: 1100, height: 760 } });
    cleanups.push(() => context.close());
    const spanish = await context.newPage();
    await spanish.goto(`${env.server.url}/fixtures/api.html?room=lobby`);
    await spanish.getByRole('button', { name: 'Abrir el chat' }).click();
    await spanish.getByRole('heading', { name: 'Deje un mensaje' }).waitFor();
    await spanish.getByRole('button', { name: 'Enviar mensaje' }).click();
    // The form's own checks speak Spanish too.
    await spanish.getByText('Este campo es obligatorio.').first().waitFor();
  });

  it('pops the chat out into a window of its own, where the same chat goes on', async () => {
    const agent = await signInAgent(env.server.url, 'agent1');
    cleanups.push(() => agent.disconnect());
    agent.subscribe('invitation:new', ({ chat }) => void agent.agent.accept(chat.id));
    const { page, errors } = await visitorPage('/fixtures/mount.html?room=support&name=Pia');
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('button', { name: 'Start chat' }).click();
    const composer = page.getByRole('textbox', { name: 'Message' });
    await page.locator('.parley-header-title', { hasText: 'Ada Agent' }).waitFor();
    await composer.fill('Before the pop-out');
    await composer.press('Enter');
    await page.getByRole('log').getByText('Before the pop-out').waitFor();

    const [popup] = await Promise.all([page.context().waitForEvent('page'), page.evaluate(() => (window as unknown as { widget: { popOut(): unknown } }).widget.popOut() !== null)]);
    const popupErrors: string[] = [];
    popup.on('pageerror', (error) => popupErrors.push(error.message));
    // The same chat, its history, its agent, over the window's own connection.
    await popup.getByRole('log').getByText('Before the pop-out').waitFor();
    await popup.locator('.parley-header-title', { hasText: 'Ada Agent' }).waitFor();
    // The page's panel made way; the window has no launcher and fills its viewport.
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    expect(await popup.locator('.parley-launcher').isVisible()).toBe(false);
    const box = await popup.locator('parley-widget').boundingBox();
    const viewport = await popup.evaluate(() => ({ width: innerWidth, height: innerHeight }));
    expect(box).toMatchObject({ x: 0, y: 0, width: viewport.width, height: viewport.height });

    const popupComposer = popup.getByRole('textbox', { name: 'Message' });
    await popupComposer.fill('Written in the pop-out');
    await popupComposer.press('Enter');
    const chatId = (await agent.send('users:chats', { userId: 'agent1' })).chats.find((chat) => chat.status === 'active')!.id;
    await until(async () => (await agent.send('messages:list', { chatId })).messages.some((message) => message.message === 'Written in the pop-out'));
    await agent.chats.get(chatId).sendMessage('Seen it, Pia');
    await popup.getByRole('log').getByText('Seen it, Pia').waitFor();
    await screenshot(popup, 'widget-pop-out');
    // Escape in the window leaves the chat on screen: the window is the chat.
    await popupComposer.press('Escape');
    expect(await popup.getByRole('log').isVisible()).toBe(true);
    await agent.chats.get(chatId).close();
    expect([...errors, ...popupErrors]).toEqual([]);
  });

  it('trusts only an identity the host’s backend signed: setUser before and after the chat starts, setAttributes as unverified', async () => {
    const agent = await signInAgent(env.server.url, 'agent1');
    cleanups.push(() => agent.disconnect());
    agent.subscribe('invitation:new', ({ chat }) => void agent.agent.accept(chat.id));
    const visitorOf = async (chatId: string) => {
      const { chat } = await agent.send('chats:get', { chatId, fields: 'users' });
      return chat.users.find((user) => typeof user !== 'string' && user.role === 'user') as User;
    };

    // Before the chat: the proven identity goes with the sign-up; the page's own name loses to it.
    const { page, errors } = await visitorPage('/fixtures/api.html');
    expect(await setUserIn(page, await mintIdentity('acme-42', 'Vera Verified'))).toBeNull();
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByLabel('Your name (optional)').fill('Mallory');
    await page.getByRole('button', { name: 'Start chat' }).click();
    await until(async () => (await namesOf(page)).includes('chatStarted'));
    const { chatId } = (await eventsOf(page)).find(([name]) => name === 'chatStarted')![1] as { chatId: string };
    expect(await visitorOf(chatId)).toMatchObject({ name: 'Vera Verified', contact: 'acme-42@acme.test', verified: { id: 'acme-42', name: 'Vera Verified' } });

    // A token the page forged (any secret but the shared one) is refused, and changes nothing.
    expect(await setUserIn(page, await mintIdentity('acme-1', 'Admin', 'a-secret-the-page-made-up-a-secret-the-page'))).toBe('unauthorized');
    // Attributes from the page are merged in as they are: unverified facts, never identity.
    await page.evaluate(() => (window as unknown as { Parley: PageParley }).Parley.setAttributes({ plan: 'pro', cart: 3 }));
    const after = await visitorOf(chatId);
    expect(after.verified).toEqual({ id: 'acme-42', name: 'Vera Verified', email: 'acme-42@acme.test' });
    expect(after.extraInfo).toMatchObject({ plan: 'pro', cart: 3 });
    await agent.chats.get(chatId).close();

    // After the chat started anonymously: the visitor is verified in place, the chat goes on.
    const second = await visitorPage('/fixtures/api.html');
    await second.page.getByRole('button', { name: 'Open chat' }).click();
    await second.page.getByRole('button', { name: 'Start chat' }).click();
    await until(async () => (await namesOf(second.page)).includes('chatStarted'));
    const secondChat = ((await eventsOf(second.page)).find(([name]) => name === 'chatStarted')![1] as { chatId: string }).chatId;
    expect((await visitorOf(secondChat)).verified).toBeUndefined();
    expect(await setUserIn(second.page, await mintIdentity('acme-7', 'Rita'))).toBeNull();
    expect(await visitorOf(secondChat)).toMatchObject({ name: 'Rita', verified: { id: 'acme-7' } });

    // Someone else signs in on this browser: the saved chat is not theirs; the widget starts afresh.
    expect(await setUserIn(second.page, await mintIdentity('acme-8', 'Sam'))).toBeNull();
    await second.page.getByRole('button', { name: 'Start chat' }).waitFor();
    expect(await second.page.evaluate((url) => localStorage.getItem(`parley:widget:${url}:support`), env.server.url)).toBeNull();
    await agent.chats.get(secondChat).close();
    // The browser logs the two refusals above (the forged token's 401, the other person's 409) itself.
    const refusals = /status of (401 \(Unauthorized\)|409 \(Conflict\))/;
    expect([...errors, ...second.errors].filter((error) => !refusals.test(error))).toEqual([]);
    expect([...errors, ...second.errors].filter((error) => refusals.test(error))).toHaveLength(2);
  });
});
