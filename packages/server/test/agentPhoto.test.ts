import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAgent } from '@parley/core';
import type { User } from '@parley/protocol';
import type { TestServer } from './harness';
import { connectParticipant, logIn, startTestServer, visitor } from './harness';

/** An agent's photo (issue 15): stored with the agent, sent wherever the agent's user is. */
describe('agent photos', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('keeps an agent’s avatarUrl through the store and sends it with the agent’s user', async () => {
    await server.addAgent({ username: 'pat', password: 'pat-password', name: 'Pat Photo', rooms: ['photos'], avatarUrl: 'https://cdn.example.com/pat.png' });
    const { user } = await loginAgent(server.url, { username: 'pat', password: 'pat-password' });
    expect(user).toMatchObject({ id: 'pat', name: 'Pat Photo', avatarUrl: 'https://cdn.example.com/pat.png' });

    // The visitor learns it with the chat's members once the agent joined.
    const pat = await connectParticipant(server, user, (await logIn(server, 'pat', 'pat-password')).session.token);
    const vera = await visitor(server, 'Vera');
    const { chat } = (await vera.send('chats:create', { room: 'photos', source: 'web', creator: vera.user.id })) as { chat: { id: string } };
    await pat.send('chats:join', { chatId: chat.id, userId: 'pat' });
    const { chat: details } = (await vera.send('chats:get', { chatId: chat.id, fields: 'users' })) as { chat: { users: User[] } };
    expect(details.users.find((member) => member.id === 'pat')?.avatarUrl).toBe('https://cdn.example.com/pat.png');
    expect(details.users.find((member) => member.id === vera.user.id)?.avatarUrl).toBeUndefined();
    vera.close();
    pat.close();
  });

  it('refuses a photo that is not an http(s) URL', async () => {
    for (const avatarUrl of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 'not a url']) {
      await expect(server.addAgent({ username: 'bad', password: 'bad-password', name: 'Bad', rooms: ['photos'], avatarUrl })).rejects.toMatchObject({
        code: 'invalid_payload',
      });
    }
  });
});
