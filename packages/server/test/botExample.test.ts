import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../../examples/bot/bot';
import { startBot } from '../../../examples/bot/bot';
import type { TestServer } from './harness';
import { agent, startTestServer, visitor } from './harness';

/**
 * The example bot of examples/bot, run as it is against a real server: it takes the chat first and
 * answers, and when the visitor asks for a person it hands the chat to a human, who sees the bot's
 * conversation (sender `assistant`) in the chat's history.
 */
describe('the example bot (examples/bot)', () => {
  let server: TestServer;
  let bot: Bot;

  beforeAll(async () => {
    server = await startTestServer();
    await server.addAgent({ username: 'bot', password: 'bot-password', name: 'Assistant', rooms: ['support'], capacity: 20 });
    bot = await startBot({ url: server.url, username: 'bot', password: 'bot-password' });
  });
  afterAll(async () => {
    bot?.stop();
    await server?.stop();
  });

  it('answers first, hands over on "human", and the agent sees the bot’s history', async () => {
    const vera = await visitor(server);
    // As the widget does: create, then assign.
    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
    await vera.send('chats:assign', { chatId: chat.id });
    await vera.waitFor('user:joined', ({ user }) => user.id === 'bot');
    const greeting = await vera.waitFor('message:received', ({ message }) => message.sender === 'assistant');
    expect(greeting.message).toMatchObject({ imported: true, chatId: chat.id });

    await vera.send('messages:send', { chatId: chat.id, clientId: 'q1', type: 'text', message: 'What are your opening hours?' });
    const answer = await vera.waitFor('message:received', ({ message }) => message.sender === 'assistant' && message.message.includes('Monday to Friday'));
    expect(answer.message.imported).toBe(true);

    // A human comes online while the bot holds the chat; the visitor asks for a person.
    const ada = await agent(server, 'ada');
    expect(ada.received('invitation:new')).toEqual([]);
    await vera.send('messages:send', { chatId: chat.id, clientId: 'q2', type: 'text', message: 'Can I talk to a human please?' });
    const invitation = await ada.waitFor('invitation:new', ({ chat: offered }) => offered.id === chat.id);
    expect(invitation.chat.users).toEqual([vera.user.id]);
    await vera.waitFor('user:left', ({ user }) => user.id === 'bot');
    expect(bot.handedOver.has(chat.id)).toBe(true);

    await ada.send('invitations:accept', { chatId: chat.id });
    const { chat: seen } = await ada.send('chats:get', { chatId: chat.id, fields: 'users,history' });
    expect(seen).toMatchObject({ status: 'active', assignee: 'ada' });
    const history = seen.history!.map((message) => [message.sender, message.message, message.imported === true]);
    expect(history).toEqual([
      ['assistant', expect.stringContaining("I'm the assistant"), true],
      [vera.user.id, 'What are your opening hours?', false],
      ['assistant', expect.stringContaining('Monday to Friday'), true],
      [vera.user.id, 'Can I talk to a human please?', false],
      ['assistant', expect.stringContaining('passing you to a person'), true],
    ]);
    // The human answers; the bot, no longer a member, stays quiet.
    await ada.send('messages:send', { chatId: chat.id, clientId: 'a1', type: 'text', message: 'Hi, Ada here.' });
    await vera.waitFor('message:received', ({ message }) => message.sender === 'ada');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(vera.received('message:received').filter(({ message }) => message.sender === 'assistant')).toHaveLength(3);
    vera.close();
    ada.close();
  });
});
