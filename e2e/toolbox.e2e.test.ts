import { loginAgent } from '@parley/core';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { logIn as logInAt, openStartForm } from './consoleSteps';
import { newPerson, screenshot } from './harness';
import { useServerAndBrowser } from './describeHooks';

/**
 * The agent's toolbox and CSAT as people click them (issue 17): a room's canned response typed with
 * `/` in the console, filled in with the visitor's name and delivered to the widget; an internal
 * note the visitor never receives; and the widget's rating after a closed chat, seen in the
 * console's records and refused a second time. Demo agent: agent1 "Ada Agent" in room support.
 */
describe('agent toolbox and CSAT in Chromium', () => {
  const env = useServerAndBrowser({ presenceGraceMs: 0 });

  const logIn = (page: Page, username: string) => logInAt(page, env.server.url, username);

  /** The visitor starts a chat; the agent accepts it in the console and has it open. */
  async function acceptedChat(agentPage: Page, visitorPage: Page, name: string): Promise<void> {
    await openStartForm(visitorPage, env.server.url, name);
    await visitorPage.getByRole('button', { name: 'Start chat' }).click();
    await agentPage.getByRole('listitem', { name: `Invitation from ${name}` }).getByRole('button', { name: 'Accept' }).click();
    await visitorPage.locator('.parley-header-title', { hasText: 'Ada Agent' }).waitFor();
    await agentPage.getByRole('region', { name: 'Conversation' }).getByRole('heading', { name }).waitFor();
  }

  it('a room canned response is picked with / and arrow keys, filled in with the visitor name, and reaches the widget; a note does not', async () => {
    // Two responses of the room, made through REST with the agent's token: a fuzzy query matches one.
    const { session } = await loginAgent(env.server.url, { username: 'agent1', password: 'demo' });
    for (const body of [
      { shortcut: 'greeting', text: 'Hello {{visitor.name}}, welcome to {{room}}! I am {{agent.name}}.', room: 'support' },
      { shortcut: 'refund', text: 'Refunds take five working days.', room: 'support' },
    ]) {
      const created = await fetch(`${env.server.url}/v1/canned`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(created.status).toBe(201);
    }

    const agent = await newPerson(env.browser);
    const visitor = await newPerson(env.browser);
    await logIn(agent.page, 'agent1');
    await acceptedChat(agent.page, visitor.page, 'Greta');

    const conversation = agent.page.getByRole('region', { name: 'Conversation' });
    const composer = conversation.getByRole('textbox', { name: 'Message' });
    // `/grt` is no prefix, only a subsequence of "greeting": the fuzzy match still finds it, and only it.
    await composer.pressSequentially('/grt', { delay: 20 });
    const listbox = agent.page.getByRole('listbox', { name: 'Canned responses' });
    await listbox.waitFor();
    const options = listbox.getByRole('option');
    await expect.poll(() => options.count()).toBe(1);
    expect(await options.first().textContent()).toContain('/greeting');
    expect(await composer.getAttribute('aria-activedescendant')).toBe(await options.first().getAttribute('id'));
    await screenshot(agent.page, 'console-canned-picker');

    // Widening the query lists both; the arrow keys move the highlight and Enter inserts that one.
    await composer.fill('/');
    await expect.poll(() => options.count()).toBe(2);
    const highlighted = () => listbox.locator('[role="option"][aria-selected="true"]').textContent();
    const first = await highlighted();
    await composer.press('ArrowDown');
    await expect.poll(highlighted).not.toBe(first);
    await composer.press('ArrowUp');
    await expect.poll(highlighted).toBe(first);
    if (!first?.includes('/greeting')) await composer.press('ArrowDown');
    await expect.poll(highlighted).toContain('/greeting');
    await composer.press('Enter');
    const filled = 'Hello Greta, welcome to support! I am Ada Agent.';
    await expect.poll(() => composer.inputValue()).toBe(filled);
    expect(await listbox.count()).toBe(0);

    // Enter again sends it: the visitor reads it with the name filled in, not the placeholder.
    await composer.press('Enter');
    await visitor.page.getByRole('log').getByText(filled).waitFor();
    expect(await visitor.page.getByText('{{visitor.name}}', { exact: false }).count()).toBe(0);

    // An internal note: shown to the agent in the conversation, as a note, never to the visitor.
    await agent.page.getByRole('checkbox', { name: /Internal note/ }).check();
    await composer.fill('Greta is a reseller, offer the partner price.');
    await composer.press('Enter');
    const log = conversation.getByRole('log');
    const note = log.getByRole('note', { name: 'Internal note by You' });
    await note.getByText('Greta is a reseller, offer the partner price.').waitFor();
    expect(await note.textContent()).toContain('Internal note · only agents see this');
    expect(await agent.page.getByRole('region', { name: 'Internal notes' }).count()).toBe(0);

    // A message sent after the note reaches the visitor: had the note been delivered, it would be there by now.
    await agent.page.getByRole('checkbox', { name: /Internal note/ }).uncheck();
    await composer.fill('Let me check the price for you.');
    await composer.press('Enter');
    await visitor.page.getByRole('log').getByText('Let me check the price for you.').waitFor();
    expect(await visitor.page.getByText('Greta is a reseller', { exact: false }).count()).toBe(0);
    expect(await visitor.page.content()).not.toContain('partner price');

    // In the agent's log the note sits between the message before it and the one after, in order on screen too.
    await log.getByText('Let me check the price for you.').waitFor();
    const rows = await log.locator('.parley-message-row').evaluateAll((nodes) =>
      nodes
        .map((node) => ({ top: node.getBoundingClientRect().top, note: node.querySelector('[role="note"]') !== null, text: node.textContent ?? '' }))
        .sort((a, b) => a.top - b.top),
    );
    const at = (text: string) => rows.findIndex((row) => row.text.includes(text));
    expect(at(filled)).toBeGreaterThanOrEqual(0);
    expect(at('Greta is a reseller')).toBe(at(filled) + 1);
    expect(rows[at('Greta is a reseller')]!.note).toBe(true);
    expect(at('Let me check the price for you.')).toBe(at('Greta is a reseller') + 1);
    expect(rows[at('Let me check the price for you.')]!.note).toBe(false);
    await screenshot(agent.page, 'console-internal-note');

    expect(visitor.errors).toEqual([]);
    expect(agent.errors).toEqual([]);
    await Promise.all([agent.context.close(), visitor.context.close()]);
  });

  it('after the agent closes the chat the visitor rates it 4 with a comment; the console shows it; a second rating is refused', async () => {
    const agent = await newPerson(env.browser);
    const visitor = await newPerson(env.browser);
    await logIn(agent.page, 'agent1');
    await acceptedChat(agent.page, visitor.page, 'Carl');
    const visitorComposer = visitor.page.getByRole('textbox', { name: 'Message' });
    await visitorComposer.fill('Thanks for sorting out my invoice.');
    await visitorComposer.press('Enter');
    const conversation = agent.page.getByRole('region', { name: 'Conversation' });
    await conversation.getByRole('log').getByText('Thanks for sorting out my invoice.').waitFor();

    // No rating form while the chat is open.
    expect(await visitor.page.getByText('How was this chat?').count()).toBe(0);
    await conversation.getByRole('button', { name: 'Close chat' }).click();
    await visitor.page.getByText('The agent ended the chat.').waitFor();

    // The rating form takes the composer's place.
    await visitor.page.getByText('How was this chat?').waitFor();
    const send = visitor.page.getByRole('button', { name: 'Send rating' });
    expect(await send.isDisabled()).toBe(true);
    // The radios are visually hidden: a person clicks the fourth star (the radio's label) where it is drawn.
    const four = visitor.page.getByRole('radio', { name: '4 of 5' });
    const star = four.locator('xpath=..').locator('span');
    const box = await star.boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(16);
    await visitor.page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
    await expect.poll(() => send.isDisabled()).toBe(false);
    expect(await four.isChecked()).toBe(true);
    // The choice shows: stars 1–4 are drawn in one colour, star 5 in another.
    const colours = () => visitor.page.locator('.parley-rating-choice').evaluateAll((labels) => labels.map((label) => getComputedStyle(label).color));
    await expect.poll(async () => new Set((await colours()).slice(0, 4)).size).toBe(1);
    await expect.poll(async () => { const [first, , , , fifth] = await colours(); return fifth !== first; }).toBe(true);
    // From the keyboard the focused star shows a ring (the hidden radio itself cannot).
    await four.focus();
    await visitor.page.keyboard.press('ArrowLeft');
    await visitor.page.keyboard.press('ArrowRight');
    expect(await four.isChecked()).toBe(true);
    const ring = await four.locator('xpath=..').evaluate((label) => getComputedStyle(label).outlineStyle);
    expect(ring).toBe('solid');
    await visitor.page.getByLabel('Anything to add? (optional)').fill('Quick and friendly.');
    await screenshot(visitor.page, 'visitor-rating');
    const rated = visitor.page.waitForRequest((request) => request.method() === 'POST' && /\/v1\/chats\/[^/]+\/rating$/.test(request.url()));
    await send.click();
    const request = await rated;
    expect(request.postDataJSON()).toEqual({ rating: 4, comment: 'Quick and friendly.' });
    expect((await request.response())?.status()).toBe(201);
    await visitor.page.getByRole('status').getByText('Thank you for your feedback!').waitFor();
    expect(await visitor.page.getByRole('button', { name: 'Send rating' }).count()).toBe(0);

    // The same visitor (its own token, as the widget sent it) cannot rate the chat again.
    const again = await fetch(request.url(), {
      method: 'POST',
      headers: { authorization: request.headers().authorization!, 'content-type': 'application/json' },
      body: JSON.stringify({ rating: 1 }),
    });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('"conflict"');

    // The agent finds the rating in the console's records: in the list, the transcript and the summary.
    await conversation.getByRole('button', { name: 'Dismiss' }).click();
    await agent.page.getByRole('button', { name: 'Search records' }).click();
    const found = agent.page.getByRole('list', { name: 'Closed chats found' }).getByRole('button', { name: /^Carl/ });
    await expect.poll(() => found.textContent()).toContain('rated 4/5');
    await found.click();
    const transcript = agent.page.getByRole('article', { name: 'Transcript with Carl' });
    await transcript.getByText('Rated 4/5: “Quick and friendly.”').waitFor();
    await transcript.getByText('Thanks for sorting out my invoice.').waitFor();
    const ratings = agent.page.getByRole('region', { name: 'Ratings' });
    const adaRow = ratings.getByRole('row', { name: /Ada Agent/ });
    await expect.poll(() => adaRow.getByRole('cell').allTextContents()).toEqual(['1', '4.0']);
    await screenshot(agent.page, 'console-records-rating');

    // The same through REST, as a dashboard would read it.
    const { session } = await loginAgent(env.server.url, { username: 'agent1', password: 'demo' });
    const summary = await fetch(`${env.server.url}/v1/ratings/summary`, { headers: { authorization: `Bearer ${session.token}` } });
    expect(summary.status).toBe(200);
    const body = (await summary.json()) as { agents: { name: string; count: number; average: number }[]; rooms: { room: string; count: number; average: number }[] };
    expect(body.agents).toEqual([expect.objectContaining({ name: 'Ada Agent', count: 1, average: 4 })]);
    expect(body.rooms).toEqual([{ room: 'support', count: 1, average: 4 }]);

    expect(visitor.errors).toEqual([]);
    expect(agent.errors).toEqual([]);
    await Promise.all([agent.context.close(), visitor.context.close()]);
  });
});
