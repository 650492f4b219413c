import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SmtpReceiver } from '../packages/server/test/smtpReceiver';
import { startSmtpReceiver } from '../packages/server/test/smtpReceiver';
import { signInAgent, until } from './agentBot';
import { newPerson, screenshot } from './harness';
import { useServerAndBrowser } from './describeHooks';
import { logIn } from './consoleSteps';

/**
 * What the offline form promises, kept (issue 17): a message left in the widget is e-mailed to the
 * room's team, the agent's answer reaches the visitor in the widget and by e-mail, and the closed
 * chat's transcript is e-mailed from the widget — all through a real SMTP server in the test process.
 */
describe('widget e-mail in Chromium', () => {
  let smtp: SmtpReceiver;
  const cleanups: (() => unknown)[] = [];

  // Registered before the server's hooks: the receiver is up before the server starts (beforeAll hooks
  // run in order) and closes after it stops (afterAll hooks run last registered first).
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
  });
  afterAll(async () => {
    await smtp?.close();
  });
  const env = useServerAndBrowser(() => ({
    presenceGraceMs: 0,
    smtpUrl: smtp.url,
    mailFrom: 'Support <support@example.com>',
    roomSettings: { support: { teamEmail: 'team@example.com' } },
    outbox: { pollMs: 100 },
  }));
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('e-mails the left message to the team, the answer and the transcript to the visitor', async () => {
    const person = await newPerson(env.browser);
    cleanups.push(() => person.context.close());
    const { page, errors } = person;
    await page.goto(`${env.server.url}/`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('heading', { name: 'Leave a message' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Olive Offline');
    await page.getByLabel('Email', { exact: true }).fill('olive@example.com');
    await page.getByLabel('Message', { exact: true }).fill('Do you ship to Iceland?');
    await page.getByRole('button', { name: 'Send message' }).click();

    const toTeam = await smtp.waitFor((mail) => mail.to.includes('team@example.com'));
    expect(toTeam.subject).toBe('Message from Olive Offline (support)');
    expect(toTeam.headers.get('reply-to')).toBe('olive@example.com');
    expect(toTeam.text).toContain('Do you ship to Iceland?');

    const agent = await signInAgent(env.server.url, 'agent2');
    cleanups.push(() => agent.disconnect());
    await until(() => agent.invitations.length > 0);
    const chatId = agent.invitations[0]!.chat.id;
    // The chat says it began as a message left while nobody was online (Chat.origin).
    expect(agent.invitations[0]!.chat.origin).toBe('offline-message');
    await agent.agent.accept(chatId);
    await agent.chats.get(chatId).sendMessage('Yes, we ship to Iceland in 5 days.');
    await page.getByRole('log').getByText('Yes, we ship to Iceland in 5 days.').waitFor();
    const reply = await smtp.waitFor((mail) => mail.to.includes('olive@example.com'));
    expect(reply.text).toContain('Yes, we ship to Iceland in 5 days.');

    // The same agent's console marks the chat in its list and in the conversation's header.
    const desk = await newPerson(env.browser);
    cleanups.push(() => desk.context.close());
    await logIn(desk.page, env.server.url, 'agent2');
    const item = desk.page.getByRole('navigation', { name: 'Open chats' }).getByRole('button', { name: /^Olive Offline/ });
    await item.getByText('Offline message', { exact: true }).waitFor();
    await item.click();
    const header = desk.page.getByRole('region', { name: 'Conversation' }).locator('header');
    await header.getByText('Offline message — reply goes by e-mail').waitFor();
    await screenshot(desk.page, 'console-offline-message');
    expect(desk.errors).toEqual([]);

    await agent.chats.get(chatId).close();
    await page.getByRole('button', { name: 'Email me the transcript' }).click();
    await page.getByText('The transcript is on its way to olive@example.com.').waitFor();
    await screenshot(page, 'widget-transcript-requested');
    const transcript = await smtp.waitFor((mail) => mail.to.includes('olive@example.com') && mail.subject.startsWith('Your chat transcript'));
    expect(transcript.text).toContain('Do you ship to Iceland?');
    expect(transcript.text).toContain('Yes, we ship to Iceland in 5 days.');
    expect(errors).toEqual([]);
  });
});
