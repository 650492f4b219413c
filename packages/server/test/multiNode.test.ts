import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayPostgres } from '../src/store/testDatabases';
import type { Participant, TestServer, TwoNodes } from './harness';
import { agent, connectParticipant, startTestServer, startTwoNodes, testRedisUrl as redisUrl, visitor } from './harness';
import { linkOf, png, uploaded } from './fileFixtures';

/**
 * Two server nodes on one PostgreSQL database, joined by the socket.io Redis adapter: a visitor on
 * one node and an agent on the other talk as if they shared a server.
 */
describe('two nodes: PostgreSQL + Redis adapter', () => {
  let nodes: TwoNodes;
  let nodeA: TestServer;
  let nodeB: TestServer;
  beforeAll(async () => {
    nodes = await startTwoNodes();
    ({ nodeA, nodeB } = nodes);
  });
  afterAll(async () => {
    await nodes?.stop();
  });

  it('files: uploaded on one node, sent once, seen and downloaded on the other (bytes in the shared database)', async () => {
    const ada: Participant = await agent(nodeB, 'ada-files');
    const vera = await visitor(nodeA, 'Vera with a file');
    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
    await vera.send('chats:assign', { chatId: chat.id });
    await ada.waitFor('invitation:new', (payload) => payload.chat.id === chat.id);
    await ada.send('invitations:accept', { chatId: chat.id });

    const file = await uploaded(nodeA.url, vera, chat.id, 'screenshot.png', png);
    // The message goes through node B, the file was uploaded to node A: its record is shared.
    const veraOnB = await connectParticipant(nodeB, vera.user, vera.token);
    const first = await veraOnB.send('messages:send', { chatId: chat.id, clientId: 'file-across', type: 'file', fileId: file.id });
    const again = await vera.send('messages:send', { chatId: chat.id, clientId: 'file-across', type: 'file', fileId: file.id });
    expect(again.message).toEqual(first.message);
    const received = await ada.waitFor('message:received', (payload) => payload.message.id === first.message.id);
    expect(received.message).toMatchObject({ type: 'file', file });

    // A link signed by node B opens on node A, and the other way round.
    const fromB = await linkOf(nodeB.url, ada.token, file.id);
    const fromA = await linkOf(nodeA.url, vera.token, file.id);
    for (const url of [nodeA.url + fromB.link!.url, nodeB.url + fromA.link!.url]) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(png);
    }
    const { messages } = await ada.send('messages:list', { chatId: chat.id });
    expect(messages.filter((message) => message.clientId === 'file-across')).toHaveLength(1);
    for (const participant of [ada, vera, veraOnB]) participant.close();
  });

  it('offers, accepts and delivers across nodes, including to a second tab on the other node', async () => {
    const ada: Participant = await agent(nodeB, 'ada-b');
    const vera = await visitor(nodeA, 'Vera on A');
    const veraOnB = await connectParticipant(nodeB, vera.user, vera.token);

    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
    await vera.send('chats:assign', { chatId: chat.id });
    await ada.waitFor('invitation:new', (payload) => payload.chat.id === chat.id);
    await ada.send('invitations:accept', { chatId: chat.id });
    await vera.waitFor('user:joined', (payload) => payload.chatId === chat.id);

    const fromVera = await vera.send('messages:send', { chatId: chat.id, clientId: 'a-1', type: 'text', message: 'from node A' });
    expect((await ada.waitFor('message:received', (payload) => payload.message.id === fromVera.message.id)).message.seq).toBe(1);
    const fromAda = await ada.send('messages:send', { chatId: chat.id, clientId: 'b-1', type: 'text', message: 'from node B' });
    expect((await vera.waitFor('message:received', (payload) => payload.message.id === fromAda.message.id)).message.seq).toBe(2);
    expect((await veraOnB.waitFor('message:received', (payload) => payload.message.id === fromVera.message.id)).message.message).toBe('from node A');

    await ada.send('users:activity', { chatId: chat.id, userId: 'ada-b', type: 'writing' });
    expect(await vera.waitFor('user:activity')).toEqual({ chatId: chat.id, userId: 'ada-b', type: 'writing' });
    for (const participant of [ada, vera, veraOnB]) participant.close();
  });

  it('keeps seq gap-free when two nodes write into one chat at once', async () => {
    const vera = await visitor(nodeA, 'Both nodes');
    const veraOnB = await connectParticipant(nodeB, vera.user, vera.token);
    const { chat } = await vera.send('chats:create', { room: 'two-nodes', source: 'web', creator: vera.user.id });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? vera : veraOnB).send('messages:send', { chatId: chat.id, clientId: `n-${i}`, type: 'text', message: `m${i}` }),
      ),
    );
    const { messages } = await veraOnB.send('messages:list', { chatId: chat.id, afterSeq: 0, limit: 200 });
    expect(messages.map((message) => message.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    vera.close();
    veraOnB.close();
  });
});

describe('a node that dies with an offer pending', () => {
  it('has its offer expired by a surviving node', async () => {
    const database = await createThrowawayPostgres();
    const redisPrefix = `parley-test-${randomBytes(4).toString('hex')}`;
    const survivor = await startTestServer({ databaseUrl: database.value, redisUrl, redisPrefix, offerSweepMs: 200 });
    const doomed = await startTestServer({ databaseUrl: database.value, redisUrl, redisPrefix, offerSweepMs: 60_000 });
    try {
      const ada = await agent(survivor, 'ada-survivor');
      const vera = await visitor(doomed, 'Vera on the doomed node');
      const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
      await vera.send('chats:assign', { chatId: chat.id, interval: 1, maxAttempts: 1 });
      await ada.waitFor('invitation:new', (payload) => payload.chat.id === chat.id);
      vera.close();
      // The node that armed the offer's timer goes away before the deadline (and must not take the
      // other node's sockets with it).
      await doomed.stop();
      expect(ada.socket.connected).toBe(true);
      const veraAgain = await connectParticipant(survivor, vera.user, vera.token);
      expect(await ada.waitFor('invitation:expired', (payload) => payload.chatId === chat.id)).toEqual({ chatId: chat.id });
      await veraAgain.waitFor('chat:updated', (payload) => payload.chat.id === chat.id && payload.chat.status === 'waiting');
      ada.close();
      veraAgain.close();
    } finally {
      await survivor.stop();
      await database.remove();
    }
  });
});
