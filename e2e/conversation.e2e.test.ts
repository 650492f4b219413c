import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { logIn as logInAt, openStartForm as openStartFormAt } from './consoleSteps';
import { newPerson, screenshot } from './harness';
import { useServerAndBrowser } from './describeHooks';

/**
 * The whole product as two people use it: a visitor on the demo page (strict CSP, script-tag
 * widget) and an agent in the console, each in their own browser context, against a real server.
 */
describe('visitor and agent in Chromium', () => {
  const env = useServerAndBrowser({ presenceGraceMs: 0 });

  const logIn = (page: Page, username: string) => logInAt(page, env.server.url, username);
  const openStartForm = (page: Page, name: string) => openStartFormAt(page, env.server.url, name);

  it('offer → accept → messages both ways → typing → read ticks → agent closes → visitor sees it', async () => {
    const agent = await newPerson(env.browser);
    const visitor = await newPerson(env.browser);

    // The agent logs in and is online.
    await logIn(agent.page, 'agent1');

    // The visitor starts a chat from the demo page's launcher.
    await openStartForm(visitor.page, 'Vera');
    await screenshot(visitor.page, 'visitor-start');
    await visitor.page.getByRole('button', { name: 'Start chat' }).click();

    // The offer reaches the agent with a countdown; the agent accepts.
    const invitation = agent.page.getByRole('listitem', { name: 'Invitation from Vera' });
    await invitation.getByRole('timer').waitFor();
    await screenshot(agent.page, 'console-invitation');
    await invitation.getByRole('button', { name: 'Accept' }).click();
    await visitor.page.locator('.parley-header-title', { hasText: 'Ada Agent' }).waitFor();

    // Visitor → agent.
    const visitorComposer = visitor.page.getByRole('textbox', { name: 'Message' });
    await visitorComposer.fill('Hi! Can I move my site to the Pro plan?');
    await visitorComposer.press('Enter');
    const conversation = agent.page.getByRole('region', { name: 'Conversation' });
    await conversation.getByRole('log').getByText('Hi! Can I move my site to the Pro plan?').waitFor();

    // The agent has seen it: the visitor's message shows as read.
    await visitor.page.getByRole('log').getByRole('img', { name: 'Read' }).first().waitFor();

    // The agent types: the visitor sees the indicator before any message arrives.
    const agentComposer = conversation.getByRole('textbox', { name: 'Message' });
    await agentComposer.pressSequentially('Of course, ', { delay: 20 });
    await visitor.page.getByText(/Ada Agent is typing/).waitFor();
    await screenshot(visitor.page, 'visitor-typing');
    await agentComposer.pressSequentially('one moment.', { delay: 10 });
    await agentComposer.press('Enter');
    await visitor.page.getByRole('log').getByText('Of course, one moment.').waitFor();
    await expect.poll(() => visitor.page.getByText(/is typing/).count()).toBe(0);

    // The visitor read the reply: the agent's message shows as read in the console.
    await conversation.getByRole('log').getByRole('img', { name: 'Read' }).last().waitFor();
    await screenshot(visitor.page, 'visitor-conversation');
    await screenshot(agent.page, 'console-conversation');

    // Enough of a conversation to fill the visitor's window, so what appears below it takes room.
    for (let line = 1; line <= 12; line++) {
      await visitorComposer.fill(`Detail number ${line}`);
      await visitorComposer.press('Enter');
    }
    await conversation.getByRole('log').getByText('Detail number 12').waitFor();
    // The agent says a last word and closes the chat; the visitor is told, and the transcript stays.
    await agentComposer.fill('Done: you are on Pro now. Bye!');
    await agentComposer.press('Enter');
    await visitor.page.getByRole('log').getByText('Done: you are on Pro now. Bye!').waitFor();
    await conversation.getByRole('button', { name: 'Close chat' }).click();
    await visitor.page.getByText('The agent ended the chat.').waitFor();
    // The banner took room from the list, yet the last message is still in view, not under the banner.
    await expect
      .poll(async () => {
        const log = await visitor.page.getByRole('log').boundingBox();
        const last = await visitor.page.getByRole('log').getByText('Done: you are on Pro now. Bye!').boundingBox();
        return log !== null && last !== null && last.y + last.height <= log.y + log.height + 1;
      })
      .toBe(true);
    await visitor.page.getByRole('log').getByText('Detail number 12').waitFor();
    expect(await visitor.page.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);
    await screenshot(visitor.page, 'visitor-closed');

    expect(visitor.errors).toEqual([]);
    expect(agent.errors).toEqual([]);
    await Promise.all([agent.context.close(), visitor.context.close()]);
  });

  it('a reloaded console reopens the chat the agent had open, with nothing already read counted as unread', async () => {
    const agent = await newPerson(env.browser);
    const visitor = await newPerson(env.browser);
    await logIn(agent.page, 'agent2');
    await openStartForm(visitor.page, 'Rhea');
    await visitor.page.getByRole('button', { name: 'Start chat' }).click();
    const invitation = agent.page.getByRole('listitem', { name: 'Invitation from Rhea' });
    await invitation.getByRole('button', { name: 'Accept' }).click();
    const composer = visitor.page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Question before the reload');
    await composer.press('Enter');
    const conversation = agent.page.getByRole('region', { name: 'Conversation' });
    await conversation.getByRole('log').getByText('Question before the reload').waitFor();
    // The agent has seen it (the visitor's tick says so) before reloading.
    await visitor.page.getByRole('log').getByRole('img', { name: 'Read' }).waitFor();

    // A new page with nothing selected: the chat is listed, and what was read before is not unread.
    await agent.page.goto(`${env.server.url}/console/`);
    const listed = agent.page.getByRole('button', { name: /^Rhea/ });
    await listed.waitFor();
    await expect.poll(() => listed.textContent()).toBe('Rhea support');
    // The open chat survives a reload: it is opened again, not an empty pane.
    await listed.click();
    await conversation.getByRole('log').getByText('Question before the reload').waitFor();
    await agent.page.reload();
    await conversation.getByRole('log').getByText('Question before the reload').waitFor();
    expect(visitor.errors).toEqual([]);
    expect(agent.errors).toEqual([]);
    await Promise.all([agent.context.close(), visitor.context.close()]);
  });
});
