import type { ClientToServerEvents, HistoryEntry, ServerToClientEvents } from '@parley/protocol';
import type { Page } from 'playwright-core';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from './describeHooks';

/**
 * Issue 13's XSS corpus: script tags, event handlers, `javascript:` links, SVG, markup-ish mutations
 * and RTL overrides as messages (both ways), the visitor's name, contact and extraInfo, and imported
 * history, rendered in the widget and the console in Chromium. The pages' CSP is bypassed so only the
 * rendering stands between a payload and execution; a `window` canary (and `alert`) counts executions.
 * A forged-sender row (imported "as the agent", stored before senders were checked) must render as
 * imported, never as the agent's own words.
 */
const canary = 'window.__xss=(window.__xss||0)+1';
const corpus = [
  `<script>${canary}</script>`,
  `<img src=x onerror="${canary}">`,
  `<svg onload="${canary}"><circle r=1 /></svg>`,
  `<svg><script>${canary}</script></svg>`,
  `javascript:${canary}`,
  `[click me](javascript:${canary})`,
  `<a href="javascript:${canary}">click me</a>`,
  `"><img src=x onerror=${canary}>`,
  `'><script>${canary}</script>`,
  `<iframe src="javascript:${canary}"></iframe>`,
  `<details open ontoggle="${canary}">x</details>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${canary}">`,
  `<body onload="${canary}">`,
  `<input autofocus onfocus="${canary}">`,
  `data:text/html,<script>${canary}</script>`,
  `https://example.com/"onmouseover="${canary}`,
  `{{constructor.constructor('${canary}')()}}`,
  `\u202Egnp.exe\u202C <b>rtl override</b>`,
  `<style>@import 'javascript:${canary}';</style>`,
  `<object data="javascript:${canary}"></object>`,
  'alert(1)<script>alert(1)</script>',
];

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

async function connectSocket(url: string, token: string): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

async function send<E extends keyof ClientToServerEvents>(socket: ClientSocket, event: E, payload: Parameters<ClientToServerEvents[E]>[0]) {
  const envelope = (await (socket as unknown as Socket).timeout(10_000).emitWithAck(event, payload)) as { ok: boolean; error?: { code: string } };
  if (!envelope.ok) throw new Error(`${event}: ${envelope.error?.code}`);
  return envelope;
}

/** What the page ran of the corpus: the canary, alerts, and live markup the payloads would have made. */
async function executed(page: Page, dialogs: number): Promise<{ canary: number; dialogs: number; markup: number }> {
  const found = await page.evaluate(() => {
    const roots: (Document | ShadowRoot)[] = [document];
    for (const element of document.querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
    let markup = 0;
    for (const root of roots) {
      markup += root.querySelectorAll(
        '.parley-message script, .parley-message img, .parley-message svg, .parley-message iframe, .parley-message object, .console-visitor img, .console-visitor script, a[href^="javascript:" i], a[href^="data:" i]',
      ).length;
    }
    return { canary: (window as unknown as { __xss?: number }).__xss ?? 0, markup };
  });
  return { ...found, dialogs };
}

describe('XSS corpus rendered in the widget and the console', () => {
  const env = useServerAndBrowser({ presenceGraceMs: 0 });

  it(`runs none of ${corpus.length} payloads in any placement; forged-sender imports show as imported`, async () => {
    const open = async () => {
      const context = await env.browser.newContext({ viewport: { width: 1100, height: 760 }, bypassCSP: true });
      const page = await context.newPage();
      const state = { dialogs: 0, errors: [] as string[] };
      page.on('pageerror', (error) => state.errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') state.errors.push(message.text());
      });
      page.on('dialog', (dialog) => {
        state.dialogs++;
        void dialog.dismiss();
      });
      return { page, state };
    };
    const agent = await open();
    const visitor = await open();

    await agent.page.goto(`${env.server.url}/console/`);
    await agent.page.getByLabel('Username').fill('agent1');
    await agent.page.getByLabel('Password').fill('demo');
    await agent.page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => agent.page.getByLabel('Status').inputValue(), { timeout: 20_000 }).toBe('online');

    // The visitor's profile carries payloads too: name, contact, and extraInfo keys and values.
    const name = corpus[1]!.slice(0, 200);
    const extra = Object.fromEntries(corpus.slice(0, 20).map((payload, index) => [`${index}${payload}`.slice(0, 60), payload]));
    const query = new URLSearchParams({ name, contact: corpus[6]!, extra: JSON.stringify(extra), open: '' });
    await visitor.page.goto(`${env.server.url}/fixtures/mount.html?${query}`);
    await visitor.page.getByRole('button', { name: 'Start chat' }).click();
    const invitation = agent.page.getByRole('listitem', { name: /^Invitation from/ });
    await invitation.getByRole('button', { name: 'Accept' }).click({ timeout: 20_000 });

    // The visitor's own token, to speak and import as the visitor from here.
    const saved = await visitor.page.evaluate((key) => localStorage.getItem(key), `parley:widget:${env.server.url}:support`);
    const { token, chatId } = JSON.parse(saved!) as { token: string; chatId: string };
    const visitorSocket = await connectSocket(env.server.url, token);
    const login = (await (await fetch(`${env.server.url}/v1/agents/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agent1', password: 'demo' }),
    })).json()) as { session: { token: string } };
    const agentSocket = await connectSocket(env.server.url, login.session.token);

    // A visitor can no longer import as the agent; a row stored like that before the check existed is
    // written straight into the store, as legacy data.
    const userId = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;
    const forged = await (visitorSocket as unknown as Socket).timeout(10_000).emitWithAck('history:import', {
      chatId,
      history: [{ created: 1_700_000_000, type: 'text', message: 'Please send your card number', sender: 'agent1' }],
    });
    expect(forged).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await env.server.store.transaction((tx) =>
      tx.appendMessage({ id: 'legacy-forged', chatId, sender: 'agent1', type: 'text', message: 'Please send your card number (legacy)', createdAt: new Date().toISOString(), imported: true }),
    );

    const history: HistoryEntry[] = corpus.flatMap((payload, index) => [
      { created: 1_700_000_000 + index, type: 'text' as const, message: payload, sender: userId },
      { created: 1_700_000_000 + index, type: 'text' as const, message: payload, sender: 'assistant' },
      { created: 1_700_000_000 + index, type: 'text' as const, message: payload, sender: 'system' },
    ]);
    await send(visitorSocket, 'history:import', { chatId, history });
    for (const [index, payload] of corpus.entries()) {
      await send(visitorSocket, 'messages:send', { chatId, clientId: `xss-v-${index}`, type: 'text', message: payload });
      await send(agentSocket, 'messages:send', { chatId, clientId: `xss-a-${index}`, type: 'text', message: payload });
    }
    await send(agentSocket, 'messages:send', { chatId, clientId: 'xss-end', type: 'text', message: 'end of corpus' });

    // Both sides rendered everything (the last message is there); then reload both, so history comes
    // from the server's pages as well as from live events.
    const conversation = agent.page.getByRole('region', { name: 'Conversation' });
    await conversation
      .getByRole('log')
      .getByText('end of corpus')
      .waitFor({ timeout: 20_000 })
      .catch(async (error: unknown) => {
        await agent.page.screenshot({ path: 'test-results/e2e/xss-agent.png' });
        throw new Error(`${String(error)}\nagent page errors: ${agent.state.errors.join(' | ')}`);
      });
    await visitor.page.getByRole('log').getByText('end of corpus').waitFor({ timeout: 20_000 });
    await agent.page.getByRole('region', { name: 'Visitor' }).getByRole('list', { name: 'Imported history' }).waitFor();
    const live = { agent: await executed(agent.page, agent.state.dialogs), visitor: await executed(visitor.page, visitor.state.dialogs) };

    await Promise.all([agent.page.reload(), visitor.page.reload()]);
    // The console reopens on the desk; the chat is one click away in the list.
    await agent.page.getByRole('navigation', { name: 'Open chats' }).getByRole('button').first().click({ timeout: 20_000 });
    await agent.page.getByRole('region', { name: 'Conversation' }).getByRole('log').getByText('end of corpus').waitFor({ timeout: 20_000 });
    await visitor.page.getByRole('log').getByText('end of corpus').waitFor({ timeout: 20_000 });
    // Scroll both transcripts to the top until nothing older is left, so the oldest rows (imported
    // history, the legacy row) render too. Bounded: the chat holds about a hundred messages.
    for (const page of [agent.page, visitor.page]) {
      const log = page.getByRole('log').first();
      for (let step = 0; step < 40; step++) {
        await log.evaluate((element) => {
          element.scrollTop = 0;
          element.dispatchEvent(new Event('scroll'));
        });
        await page.waitForTimeout(150);
        if ((await page.getByText('Please send your card number (legacy)').count()) > 0) break;
      }
    }
    const reloaded = { agent: await executed(agent.page, agent.state.dialogs), visitor: await executed(visitor.page, visitor.state.dialogs) };

    // The forged row, as the agent sees it: imported, labelled, not the agent's own bubble.
    const agentLog = agent.page.getByRole('region', { name: 'Conversation' }).getByRole('log');
    const forgedRow = agentLog.locator('.parley-message', { hasText: 'Please send your card number (legacy)' });
    const forgedSeen = (await forgedRow.count()) > 0;
    expect(forgedSeen).toBe(true);
    expect(await forgedRow.getAttribute('data-imported')).toBe('');
    expect(await forgedRow.getAttribute('data-side')).toBe('theirs');
    expect(await forgedRow.textContent()).toContain('Imported');
    const importedMine = await agentLog.locator('.parley-message[data-imported][data-side="mine"]').count();
    const importedShown = await agentLog.locator('.parley-message[data-imported]').count();
    const panel = agent.page.getByRole('region', { name: 'Visitor' });
    for (let step = 0; step < 5 && (await panel.getByRole('button', { name: /earlier/ }).count()) > 0; step++) {
      await panel.getByRole('button', { name: /earlier/ }).click();
    }
    const panelForged = await panel.getByText('Please send your card number (legacy)').count();

    // Per payload: a visitor and an agent message, each in the widget and the console (4), and three
    // imported entries, each in the widget, the console's transcript and its imported-history panel (9);
    // plus the name, the contact, and each extraInfo key and value.
    const placements = corpus.length * 13 + 2 + Object.keys(extra).length * 2;
    process.stdout.write(
      `[xss] ${corpus.length} payloads in ${placements} placements (messages both ways, imported as visitor/assistant/system, name, contact, ` +
        `extraInfo keys and values), widget + console, live and after reload: canary ${live.agent.canary + live.visitor.canary + reloaded.agent.canary + reloaded.visitor.canary} ` +
        `executed, ${reloaded.agent.dialogs + reloaded.visitor.dialogs} dialogs, ${Math.max(live.agent.markup, reloaded.agent.markup) + Math.max(live.visitor.markup, reloaded.visitor.markup)} live elements; ` +
        `forged-sender import refused (forbidden); legacy forged row shown as imported: ${forgedSeen ? 'yes' : 'no'} (and in the imported-history panel: ${panelForged}), ` +
        `${importedShown} imported rows in the console, ${importedMine} of them as the agent's own\n`,
    );
    for (const result of [live.agent, live.visitor, reloaded.agent, reloaded.visitor]) expect(result).toEqual({ canary: 0, dialogs: 0, markup: 0 });
    expect(importedMine).toBe(0);
    expect(importedShown).toBeGreaterThan(0);
    expect(panelForged).toBe(1);
    visitorSocket.close();
    agentSocket.close();
  });
});
