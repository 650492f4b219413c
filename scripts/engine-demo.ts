/**
 * A scripted visitor ↔ agent conversation on the in-memory engine, printing every event: a look at
 * the chat domain without a server. Run: `pnpm demo:engine`.
 */
import { createChatEngine, createMemoryStore } from '@parley/engine';
import type { Actor, OutgoingEvent } from '@parley/engine';
import type { ClientEventName, ClientPayload, ClientResult } from '@parley/protocol';

const engine = createChatEngine({ store: createMemoryStore(), defaultIntervalMs: 2_000 });
const print = (events: OutgoingEvent[]) => {
  for (const { event, to, payload } of events) console.log(`  → ${event} to [${to.join(', ')}] ${JSON.stringify(payload)}`);
};
// Every event the engine produces, from commands and timers alike, comes out of this one stream.
engine.subscribe(print);

async function send<E extends ClientEventName>(actor: Actor, event: E, payload: ClientPayload<E>): Promise<ClientResult<E>> {
  console.log(`${actor.id.slice(0, 8)} ${event} ${JSON.stringify(payload)}`);
  const outcome = await engine.handle(actor, event, payload);
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.data as ClientResult<E>;
}

const agent: Actor = { id: 'agent1', role: 'agent' };
await engine.registerAgent({ id: agent.id, name: 'Ada (agent)', rooms: ['support'], capacity: 2 });
const visitorUser = await engine.registerVisitor({ name: 'Vera', contact: 'vera@example.com' });
const visitor: Actor = { id: visitorUser.id, role: 'user' };

await send(agent, 'agents:status', { status: 'online' });
const { chat } = await send(visitor, 'chats:create', { room: 'support', source: 'demo', creator: visitor.id });
await send(visitor, 'chats:assign', { chatId: chat.id, interval: 2 });
await send(visitor, 'messages:send', { chatId: chat.id, clientId: 'c-1', type: 'text', message: 'Hello, anyone there?' });
await send(agent, 'invitations:accept', { chatId: chat.id });
await send(agent, 'users:activity', { chatId: chat.id, userId: agent.id, type: 'writing' });
const { message } = await send(agent, 'messages:send', { chatId: chat.id, clientId: 'a-1', type: 'text', message: 'Hi Vera, how can I help?' });
await send(visitor, 'messages:read', { messageId: message.id, userId: visitor.id });
await send(visitor, 'chats:close', { chatId: chat.id, userId: visitor.id });
engine.stop();
console.log('demo finished');
