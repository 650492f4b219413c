import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomInfo } from '@parley/core';
import type { TestServer } from './harness';
import { startTestServer, visitor } from './harness';

/** `GET /v1/rooms/:room`: what the widget shows before a chat starts, set per room in the config. */
describe('room settings (issue 15)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      rooms: [],
      roomSettings: { support: { welcome: 'Hi! Ask us **anything**.', replyTime: 'minutes' }, billing: { replyTime: 'day' } },
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers a room’s welcome and reply time, and just the name for a room without settings', async () => {
    expect(await roomInfo(server.url, 'support')).toEqual({ name: 'support', welcome: 'Hi! Ask us **anything**.', replyTime: 'minutes' });
    expect(await roomInfo(server.url, 'billing')).toEqual({ name: 'billing', replyTime: 'day' });
    expect(await roomInfo(server.url, 'elsewhere')).toEqual({ name: 'elsewhere' });
    // Room names are path segments: encoded on the way, decoded by the server.
    expect(await roomInfo(server.url, 'sales & more')).toEqual({ name: 'sales & more' });
    expect(await roomInfo(server.url, 'constructor')).toEqual({ name: 'constructor' });
  });

  it('refuses a name longer than a room name can be, with invalid_payload', async () => {
    await expect(roomInfo(server.url, 'x'.repeat(65))).rejects.toMatchObject({ code: 'invalid_payload' });
  });

  it('opens the configured rooms to visitors (and only those, with rooms: [])', async () => {
    const client = await visitor(server, 'Ada');
    await client.send('chats:create', { room: 'support', source: 'web', creator: client.user.id });
    expect((await client.refused('chats:create', { room: 'elsewhere', source: 'web', creator: client.user.id })).code).toBe('not_found');
    client.close();
  });
});
