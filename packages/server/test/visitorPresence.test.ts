import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Participant, TestServer, TwoNodes } from './harness';
import { agent, connectParticipant, startTestServer, startTwoNodes, visitor } from './harness';

/** A visitor's chat, accepted by `agentParticipant`. */
async function activeChat(vera: Participant, agentParticipant: Participant): Promise<string> {
  const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
  await vera.send('chats:assign', { chatId: chat.id });
  await agentParticipant.waitFor('invitation:new', (payload) => payload.chat.id === chat.id);
  await agentParticipant.send('invitations:accept', { chatId: chat.id });
  return chat.id;
}

function presenceOf(participant: Participant, chatId: string): boolean[] {
  return participant.received('visitor:presence').filter((payload) => payload.chatId === chatId).map((payload) => payload.online);
}

/**
 * Whether a chat's visitor is still on the page (src/visitorPresence.ts): the agents in the chat get
 * `visitor:presence` when the visitor's last socket has been gone for the grace (50 ms in tests) and
 * when one connects again after that; `chats:get { fields: 'presence' }` says it at any time.
 */
describe('visitor presence, one node', () => {
  let server: TestServer;
  const open: Participant[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => {
    for (const participant of open.splice(0)) participant.close();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('tells the agent when the visitor leaves and when they come back, and chats:get agrees', async () => {
    const ada = await agent(server, 'ada-presence');
    const vera = await visitor(server, 'Vera leaving');
    open.push(ada, vera);
    const chatId = await activeChat(vera, ada);
    expect((await ada.send('chats:get', { chatId, fields: 'presence' })).chat.visitorOnline).toBe(true);

    vera.close();
    expect(await ada.waitFor('visitor:presence', (payload) => payload.chatId === chatId)).toEqual({ chatId, userId: vera.user.id, online: false });
    expect((await ada.send('chats:get', { chatId, fields: 'presence' })).chat.visitorOnline).toBe(false);

    const back = await connectParticipant(server, vera.user, vera.token);
    open.push(back);
    await ada.waitFor('visitor:presence', (payload) => payload.chatId === chatId && payload.online);
    expect(presenceOf(ada, chatId)).toEqual([false, true]);
    expect((await ada.send('chats:get', { chatId, fields: 'presence' })).chat.visitorOnline).toBe(true);
    // The visitor is never told about themselves.
    expect(back.received('visitor:presence')).toEqual([]);
  });

  it('says nothing for a reload: a socket back within the grace', async () => {
    const ada = await agent(server, 'ada-reload');
    const vera = await visitor(server, 'Vera reloading');
    open.push(ada, vera);
    const chatId = await activeChat(vera, ada);

    // The new page's socket connects before the old one is gone, as a browser's reload does at the
    // earliest; then the visitor really leaves.
    const reloaded = await connectParticipant(server, vera.user, vera.token);
    vera.close();
    // The old socket's check ran (or will) and found the new one: had it not, the agent would get
    // "left" then "back" before the real departure below.
    await new Promise((resolve) => setTimeout(resolve, 200));
    reloaded.close();
    await ada.waitFor('visitor:presence', (payload) => payload.chatId === chatId);
    await ada.send('chats:get', { chatId });
    expect(presenceOf(ada, chatId)).toEqual([false]);
  });

  it('tells nobody about a visitor with no agent in their chat, nor after the chat closed', async () => {
    const ada = await agent(server, 'ada-closed');
    const waiting = await visitor(server, 'Vera waiting');
    const closing = await visitor(server, 'Vera closing');
    open.push(ada, waiting, closing);
    await waiting.send('chats:create', { room: 'nobody-here', source: 'web', creator: waiting.user.id });
    const chatId = await activeChat(closing, ada);
    await closing.send('chats:close', { chatId, userId: closing.user.id });
    await ada.waitFor('chat:closed', (payload) => payload.chatId === chatId);

    waiting.close();
    closing.close();
    // A third visitor's departure, after theirs: once it reached the agent, theirs would have too.
    const marker = await visitor(server, 'Vera marker');
    const markerChat = await activeChat(marker, ada);
    marker.close();
    await ada.waitFor('visitor:presence', (payload) => payload.chatId === markerChat);
    expect(ada.received('visitor:presence').map((payload) => payload.chatId)).toEqual([markerChat]);
  });

  it('tells an agent who joined after the visitor left, and read it from chats:get, of their return', async () => {
    const ada = await agent(server, 'ada-late');
    const vera = await visitor(server, 'Vera gone before');
    open.push(ada, vera);
    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
    await vera.send('chats:assign', { chatId: chat.id });
    await ada.waitFor('invitation:new', (payload) => payload.chat.id === chat.id);
    // Gone for longer than the grace while nobody was in the chat yet: nobody to tell then.
    vera.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await ada.send('invitations:accept', { chatId: chat.id });
    expect((await ada.send('chats:get', { chatId: chat.id, fields: 'presence' })).chat.visitorOnline).toBe(false);

    const back = await connectParticipant(server, vera.user, vera.token);
    open.push(back);
    expect(await ada.waitFor('visitor:presence', (payload) => payload.chatId === chat.id)).toEqual({ chatId: chat.id, userId: vera.user.id, online: true });
  });

  it("refuses nothing and adds nothing for a visitor's own `presence`", async () => {
    const ada = await agent(server, 'ada-own');
    const vera = await visitor(server, 'Vera asking');
    open.push(ada, vera);
    const chatId = await activeChat(vera, ada);
    const { chat } = await vera.send('chats:get', { chatId, fields: 'users,presence' });
    expect(chat).not.toHaveProperty('visitorOnline');
    expect(await vera.refused('chats:get', { chatId, fields: 'presence,online' })).toMatchObject({ code: 'invalid_payload' });
  });
});

describe('visitor presence, an agent who asks first (a restart: both sides reconnect in any order)', () => {
  let server: TestServer;
  beforeAll(async () => {
    // A grace longer than the test: no departure is ever announced, only what the agent read.
    server = await startTestServer({ presenceGraceMs: 60_000 });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('an agent told "not on the page" is told when the visitor connects', async () => {
    const ada = await agent(server, 'ada-first');
    const vera = await visitor(server, 'Vera later');
    const chatId = await activeChat(vera, ada);
    vera.close();
    await expect.poll(async () => (await ada.send('chats:get', { chatId, fields: 'presence' })).chat.visitorOnline).toBe(false);

    const back = await connectParticipant(server, vera.user, vera.token);
    expect(await ada.waitFor('visitor:presence', (payload) => payload.chatId === chatId)).toEqual({ chatId, userId: vera.user.id, online: true });
    for (const participant of [ada, back]) participant.close();
  });
});

describe('visitor presence, two nodes (PostgreSQL + Redis)', () => {
  let nodes: TwoNodes;
  let nodeA: TestServer;
  let nodeB: TestServer;
  const open: Participant[] = [];

  beforeAll(async () => {
    nodes = await startTwoNodes();
    ({ nodeA, nodeB } = nodes);
  });
  afterEach(() => {
    for (const participant of open.splice(0)) participant.close();
  });
  afterAll(async () => {
    await nodes?.stop();
  });

  it('a visitor who left on one node and came back on the other is back; one still on the other node never left', async () => {
    const ada = await agent(nodeA, 'ada-nodes');
    const vera = await visitor(nodeA, 'Vera across');
    open.push(ada, vera);
    const chatId = await activeChat(vera, ada);

    // Still connected on node B when node A's socket goes: not gone.
    const onB = await connectParticipant(nodeB, vera.user, vera.token);
    vera.close();
    expect((await ada.send('chats:get', { chatId, fields: 'presence' })).chat.visitorOnline).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    onB.close();
    await ada.waitFor('visitor:presence', (payload) => payload.chatId === chatId && !payload.online);
    // Only the departure through node B: node A's socket going said nothing.
    expect(presenceOf(ada, chatId)).toEqual([false]);
    expect((await ada.send('chats:get', { chatId, fields: 'presence' })).chat.visitorOnline).toBe(false);

    // Left through node B; back on node A: node A finds the mark node B left in Redis.
    const backOnA = await connectParticipant(nodeA, vera.user, vera.token);
    open.push(backOnA);
    await ada.waitFor('visitor:presence', (payload) => payload.chatId === chatId && payload.online);
    expect(presenceOf(ada, chatId)).toEqual([false, true]);
  });
});

describe('visitor presence, two nodes, a visitor who hops between them', () => {
  let nodes: TwoNodes;
  let nodeA: TestServer;
  let nodeB: TestServer;
  const open: Participant[] = [];
  const graceMs = 1_000;

  beforeAll(async () => {
    nodes = await startTwoNodes({ presenceGraceMs: graceMs });
    ({ nodeA, nodeB } = nodes);
  });
  afterAll(async () => {
    for (const participant of open.splice(0)) participant.close();
    await nodes?.stop();
  });

  it('says nothing for a reload soon after a hop: the grace runs from the last socket gone, not the first', async () => {
    const ada = await agent(nodeA, 'ada-hops');
    const vera = await visitor(nodeA, 'Vera hopping');
    open.push(ada);
    const chatId = await activeChat(vera, ada);
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    // Node A's socket goes (its check is due a grace later); the visitor is back at once, on node B.
    vera.close();
    const onB = await connectParticipant(nodeB, vera.user, vera.token);
    // A reload on node B just before node A's check: gone for a moment only, back after that check.
    await sleep(graceMs * 0.7);
    onB.close();
    await sleep(graceMs * 0.5);
    const back = await connectParticipant(nodeA, vera.user, vera.token);
    // Past node B's check too.
    await sleep(graceMs);
    expect(presenceOf(ada, chatId)).toEqual([]);

    // Leaving for good is still said, once.
    back.close();
    await ada.waitFor('visitor:presence', (payload) => payload.chatId === chatId);
    await sleep(graceMs * 0.5);
    expect(presenceOf(ada, chatId)).toEqual([false]);
  });
});
