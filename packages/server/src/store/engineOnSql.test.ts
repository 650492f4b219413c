import { createMemoryStore } from '@parley/engine';
import type { OutgoingEvent, Store } from '@parley/engine';
import { createEngineFixture } from '@parley/engine/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlClient } from './sqlClient';
import { createSqlStore } from './sqlStore';
import { sharedClient, truncateStore, useMigratedClient } from './testDatabases';

/**
 * A chat's whole life through the engine: create and queue it, an offer rejected and one expiring
 * (routing state round-trips through jsonb), an accept, a transfer declined, messages with a resend, a read receipt,
 * history, close. With the fixture's manual clock and counter ids it is deterministic, so every
 * store must produce exactly the same events and answers as the memory store.
 */
async function scenario(store: Store) {
  const fx = createEngineFixture({ store });
  const a1 = await fx.agent('a1', ['support']);
  const a2 = await fx.agent('a2', ['support']);
  const v = await fx.visitor('Vera');

  const chatId = await fx.chat(v, 'support', { interval: 30 });
  const firstOffer = fx.received(a1.id, 'invitation:new').length > 0 ? a1 : a2;
  const other = firstOffer === a1 ? a2 : a1;
  expect(fx.received(firstOffer.id, 'invitation:new')).toHaveLength(1);

  // Nobody answers: the offer expires and goes to the other agent, who rejects it; the first agent
  // (who only let it expire) is asked again, the one who said no is not.
  await fx.clock.advance(30_000);
  expect(fx.received(firstOffer.id, 'invitation:expired')).toHaveLength(1);
  expect(fx.received(other.id, 'invitation:new')).toHaveLength(1);
  await fx.ok(other, 'invitations:reject', { chatId });
  expect(fx.received(firstOffer.id, 'invitation:new')).toHaveLength(2);

  const { chat: accepted } = await fx.ok(firstOffer, 'invitations:accept', { chatId });
  expect(accepted).toMatchObject({ status: 'active', assignee: firstOffer.id });
  expect(fx.received(v.id, 'user:joined')).toHaveLength(1);

  // A transfer the colleague rejects (its state round-trips through jsonb): the chat stays.
  const { chat: offered } = await fx.ok(firstOffer, 'chats:transfer', { chatId, agentId: other.id });
  expect(offered.transfer).toEqual({ from: firstOffer.id, room: 'support', agentId: other.id });
  await fx.ok(other, 'invitations:reject', { chatId });
  const { chat: kept } = await fx.ok(v, 'chats:get', { chatId });
  expect(kept).toMatchObject({ status: 'active', assignee: firstOffer.id, lastSeq: 2 });
  expect(kept.transfer).toBeUndefined();

  const sent = await fx.ok(v, 'messages:send', { chatId, clientId: 'c-1', type: 'text', message: 'hello' });
  const resent = await fx.ok(v, 'messages:send', { chatId, clientId: 'c-1', type: 'text', message: 'hello' });
  expect(resent.message).toStrictEqual(sent.message);
  const reply = await fx.ok(firstOffer, 'messages:send', { chatId, clientId: 'c-2', type: 'text', message: 'hi, how can I help?' });
  expect(reply.message.seq).toBe(sent.message.seq + 1);
  // The transfer's two notices first (the server's own messages have no clientId).
  expect(fx.received(firstOffer.id, 'message:received').map((event) => event.message.clientId)).toEqual([undefined, undefined, 'c-1', 'c-2']);

  await fx.ok(firstOffer, 'messages:read', { messageId: sent.message.id, userId: firstOffer.id });
  const page = await fx.ok(v, 'messages:list', { chatId, afterSeq: 0 });
  expect(page.messages.map((message) => message.clientId)).toContain('c-2');
  const { chat: details } = await fx.ok(v, 'chats:get', { chatId, fields: 'users,history' });

  await fx.ok(v, 'chats:close', { chatId, userId: v.id });
  expect(fx.received(firstOffer.id, 'chat:closed')).toEqual([{ chatId, userId: v.id }]);
  const { chats } = await fx.ok(v, 'users:chats', { userId: v.id });
  expect(chats).toMatchObject([{ id: chatId, status: 'closed', closedBy: v.id }]);

  fx.engine.stop();
  return { events: fx.events as OutgoingEvent[], page, details, chats };
}

let reference: Awaited<ReturnType<typeof scenario>>;

beforeAll(async () => {
  reference = await scenario(createMemoryStore());
});

function sameAsMemory(client: () => SqlClient) {
  it('runs a chat from create to close exactly as on the memory store', async () => {
    await truncateStore(client());
    const store = createSqlStore(sharedClient(client()));
    const result = await scenario(store);
    await store.close();
    expect(result.events.length).toBeGreaterThan(10);
    expect(result).toStrictEqual(reference);
  });
}

describe('the engine on PGlite', () => {
  sameAsMemory(useMigratedClient('PGlite'));
});

describe('the engine on PostgreSQL', () => {
  sameAsMemory(useMigratedClient('PostgreSQL'));
});
