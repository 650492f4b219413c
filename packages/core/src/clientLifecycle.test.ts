import { describe, expect, it } from 'vitest';
import { createClient } from './client';

/** An unsigned JWT with these claims: the client only reads them (the server verifies). */
function jwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.signature`;
}

describe('a client given a token that says nobody', () => {
  it('refuses commands that need the user with a message naming the token, before connecting', async () => {
    const client = createClient({ url: 'http://127.0.0.1:9', token: 'garbage' });
    try {
      await expect(client.chats.create({ room: 'support', source: 'web' })).rejects.toMatchObject({
        code: 'unauthorized',
        message: expect.stringMatching(/not a Parley session token/),
      });
    } finally {
      client.destroy();
    }
  });
});

describe('a destroyed client', () => {
  it('settles the sends still waiting for their link (disconnected) instead of leaving them pending', async () => {
    const token = jwt({ sub: 'vera', role: 'user', name: 'Vera' });
    const client = createClient({ url: 'http://127.0.0.1:9', token });
    const sending = client.chats.get('chat-1').sendMessage('hello');
    client.destroy();
    await expect(sending).rejects.toMatchObject({ code: 'disconnected' });
  });
});
