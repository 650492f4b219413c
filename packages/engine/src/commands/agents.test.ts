import { describe, expect, it } from 'vitest';
import type { AgentProfile } from '../store';
import { agentUser, createEngineFixture, log, refusal, stored, to } from '../testFixture';
import type { EngineFixture } from '../testFixture';

const T0 = Date.UTC(2026, 0, 1);
const iso = (ms: number) => new Date(T0 + ms).toISOString();

function offeredTo(fx: EngineFixture, agentId: string): string[] {
  return fx.received(agentId, 'invitation:new').map((payload) => payload.chat.id);
}

async function profile(fx: EngineFixture, agentId: string): Promise<AgentProfile> {
  const found = await fx.store.transaction((tx) => tx.getAgentProfile(agentId));
  if (!found) throw new Error(`no agent ${agentId}`);
  return found;
}

describe('invitations:accept', () => {
  it('makes the invited agent the assignee and a member; members hear user:joined, room agents chat:updated', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    await fx.agent('a2', ['support'], { status: 'offline' });
    await fx.agent('other', ['sales']);
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    await fx.clock.advance(5_000);
    fx.clearEvents();

    const outcome = await fx.send(a1, 'invitations:accept', { chatId });
    if (!outcome.ok) throw new Error(outcome.error.message);
    const { chat } = outcome.data;
    expect(chat).toMatchObject({ id: chatId, status: 'active', assignee: 'a1', users: [v.id, 'a1'] });
    expect(log(outcome.events)).toEqual([to('user:joined', v.id, 'a1'), to('chat:updated', v.id, 'a1', 'a2')]);
    expect(fx.received(v.id, 'user:joined')).toEqual([{ chatId, user: agentUser('a1') }]);
    expect(fx.received('a2', 'chat:updated')).toEqual([{ chat }]);
    expect(fx.received('other', 'chat:updated')).toEqual([]);

    const record = await stored(fx, chatId);
    expect(record).toMatchObject({ status: 'active', queuedAt: null, routing: null });
    expect(await fx.store.transaction((tx) => tx.getOffer(chatId))).toBeUndefined();
    expect((await profile(fx, 'a1')).lastAssignedAt).toBe(iso(5_000));
    expect((await fx.ok(v, 'chats:get', { chatId })).chat).toEqual(chat);
  });

  it('lets only the invited agent accept: other agents get conflict, visitors forbidden', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const a2 = await fx.agent('a2');
    const outsider = await fx.agent('out', ['sales']);
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    expect(offeredTo(fx, 'a1')).toEqual([chatId]);

    expect((await refusal(fx, a2, 'invitations:accept', { chatId })).code).toBe('conflict');
    // An agent of another room cannot tell the chat from a missing one (issue 13).
    expect((await refusal(fx, outsider, 'invitations:accept', { chatId })).code).toBe('not_found');
    expect((await refusal(fx, v, 'invitations:accept', { chatId })).code).toBe('forbidden');
    expect((await refusal(fx, a1, 'invitations:accept', { chatId: 'nope' })).code).toBe('not_found');
    expect((await stored(fx, chatId)).status).toBe('offered');

    await fx.ok(a1, 'invitations:accept', { chatId });
    // The offer is spent: a second accept, or one by anyone else, is a conflict.
    expect((await refusal(fx, a1, 'invitations:accept', { chatId })).code).toBe('conflict');
    expect((await refusal(fx, a2, 'invitations:accept', { chatId })).code).toBe('conflict');
    expect((await stored(fx, chatId)).assignee).toBe('a1');
  });

  it('refuses a chat with no offer (waiting) with conflict, and a closed chat with closed', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { capacity: 0 });
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    expect((await stored(fx, chatId)).status).toBe('waiting');
    expect((await refusal(fx, a1, 'invitations:accept', { chatId })).code).toBe('conflict');
    await fx.ok(v, 'chats:close', { chatId, userId: v.id });
    expect((await refusal(fx, a1, 'invitations:accept', { chatId })).code).toBe('closed');
    expect((await refusal(fx, a1, 'invitations:reject', { chatId })).code).toBe('closed');
  });

  it('refuses an invalid payload', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    await fx.fails(a1, 'invitations:accept', {}, 'invalid_payload');
    await fx.fails(a1, 'invitations:accept', { chatId: '' }, 'invalid_payload');
    await fx.fails(a1, 'invitations:reject', { chatId: 'x', extra: true }, 'invalid_payload');
  });
});

describe('invitations:reject', () => {
  it('offers the next agent at once and acks the chat as it now is', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    await fx.agent('a2');
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    fx.clearEvents();

    const outcome = await fx.send(a1, 'invitations:reject', { chatId });
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.data.chat).toMatchObject({ id: chatId, status: 'offered', users: [v.id] });
    expect(outcome.data.chat).not.toHaveProperty('assignee');
    expect(log(outcome.events)).toEqual([
      to('invitation:expired', 'a1'),
      to('chat:updated', v.id, 'a1', 'a2'),
      to('invitation:new', 'a2'),
      to('chat:updated', v.id, 'a1', 'a2'),
    ]);
    expect(fx.received('a1', 'invitation:expired')).toEqual([{ chatId }]);
    expect(fx.received('a2', 'invitation:new')).toEqual([{ chat: outcome.data.chat, expiresAt: iso(30_000) }]);
    // The visitor is not told about individual jumps.
    expect(fx.received(v.id, 'forever:alone')).toEqual([]);
  });

  it('acks `waiting` when nobody else can take the chat and the attempts ran out', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { maxAttempts: 1 });
    const { chat } = await fx.ok(a1, 'invitations:reject', { chatId });
    expect(chat.status).toBe('waiting');
    expect(fx.received(v.id, 'forever:alone')).toEqual([{ chatId }]);
  });

  it('does not re-offer the rejecting agent before the round restarts, even when it is the least busy', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const a2 = await fx.agent('a2');
    const a3 = await fx.agent('a3');
    const busy = await fx.visitor();
    // a2 and a3 each hold an open chat; a1 holds none, so least-busy always prefers a1.
    const b1 = await fx.chat(busy, 'support', false);
    await fx.ok(a2, 'chats:join', { chatId: b1, userId: 'a2' });
    const busy2 = await fx.visitor();
    const b2 = await fx.chat(busy2, 'support', false);
    await fx.ok(a3, 'chats:join', { chatId: b2, userId: 'a3' });

    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { maxAttempts: 10 });
    expect(offeredTo(fx, 'a1')).toEqual([chatId]);
    await fx.ok(a1, 'invitations:reject', { chatId });
    expect(offeredTo(fx, 'a2')).toEqual([chatId]);
    await fx.ok(a2, 'invitations:reject', { chatId });
    expect(offeredTo(fx, 'a3')).toEqual([chatId]);
    expect(offeredTo(fx, 'a1')).toEqual([chatId]);
    // All three said no: nobody is asked again in this assignment, and the visitor hears so at once.
    await fx.ok(a3, 'invitations:reject', { chatId });
    expect(offeredTo(fx, 'a1')).toEqual([chatId]);
    expect(fx.received(v.id, 'forever:alone')).toEqual([{ chatId }]);
    expect(await stored(fx, chatId)).toMatchObject({ status: 'waiting', queuedAt: null, routing: null });
  });

  it('the only online agent rejects: the chat is not offered back, the visitor hears forever:alone at once, and Try again asks anew', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    await fx.agent('a2', ['support'], { status: 'offline' });
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { maxAttempts: 3 });
    expect(offeredTo(fx, 'a1')).toEqual([chatId]);

    const rejected = await fx.send(a1, 'invitations:reject', { chatId });
    expect(rejected.ok && log(rejected.events).filter((line) => !line.startsWith('chat:updated'))).toEqual([
      to('invitation:expired', 'a1'),
      to('forever:alone', v.id),
    ]);
    expect(rejected.ok && rejected.data.chat.status).toBe('waiting');
    // Time passing does not bring the offer back either.
    await fx.clock.advance(120_000);
    expect(offeredTo(fx, 'a1')).toEqual([chatId]);
    // "Try again" (a new chats:assign) is a new assignment: the agent may be asked again.
    await fx.ok(v, 'chats:assign', { chatId });
    expect(offeredTo(fx, 'a1')).toEqual([chatId, chatId]);
  });

  it('a rejection keeps the chat waiting while an online colleague is busy, and that colleague gets it when free', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const a2 = await fx.agent('a2', ['support'], { capacity: 1 });
    const other = await fx.visitor();
    const held = await fx.chat(other, 'support', false);
    await fx.ok(a2, 'chats:join', { chatId: held, userId: a2.id });
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    expect(offeredTo(fx, 'a1')).toEqual([chatId]);

    await fx.ok(a1, 'invitations:reject', { chatId });
    expect(fx.received(v.id, 'forever:alone')).toEqual([]);
    expect(offeredTo(fx, 'a1')).toEqual([chatId]);
    await fx.ok(a2, 'chats:close', { chatId: held, userId: a2.id });
    expect(offeredTo(fx, 'a2')).toEqual([chatId]);
  });

  it('an expired offer (no answer) is not a refusal: the same agent may be asked again', async () => {
    const fx = createEngineFixture();
    await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { interval: 1, maxAttempts: 3 });
    await fx.clock.advance(1_000);
    expect(offeredTo(fx, 'a1')).toEqual([chatId, chatId]);
    expect(fx.received(v.id, 'forever:alone')).toEqual([]);
  });

  it('lets only the invited agent reject: other agents get conflict, visitors forbidden', async () => {
    const fx = createEngineFixture();
    await fx.agent('a1');
    const a2 = await fx.agent('a2');
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    expect((await refusal(fx, a2, 'invitations:reject', { chatId })).code).toBe('conflict');
    expect((await refusal(fx, v, 'invitations:reject', { chatId })).code).toBe('forbidden');
    expect((await refusal(fx, a2, 'invitations:reject', { chatId: 'nope' })).code).toBe('not_found');
    expect(await stored(fx, chatId)).toMatchObject({ status: 'offered', routing: { attempts: 0, offeredAgentIds: ['a1'] } });
  });

  it('frees the rejecting agent’s slot for a chat of another of its rooms', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support', 'sales'], { capacity: 1 });
    await fx.agent('a2', ['support']);
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const c1 = await fx.chat(v1, 'support');
    const c2 = await fx.chat(v2, 'sales');
    expect(offeredTo(fx, 'a1')).toEqual([c1]);
    await fx.ok(a1, 'invitations:reject', { chatId: c1 });
    expect(offeredTo(fx, 'a2')).toEqual([c1]);
    expect(offeredTo(fx, 'a1')).toEqual([c1, c2]);
  });

  it('moves the chat on even if the agent left the chat’s room while the offer was pending', async () => {
    // Regression: reject dispatched only the agent's current rooms, so the rejected chat stayed queued.
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support']);
    await fx.agent('a2', ['support'], { capacity: 0 });
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    await fx.engine.registerAgent({ id: 'a1', name: 'Agent a1', rooms: ['sales'] });
    await fx.engine.registerAgent({ id: 'a2', name: 'Agent a2', rooms: ['support'], capacity: 1 });
    expect(offeredTo(fx, 'a2')).toEqual([]);
    await fx.ok(a1, 'invitations:reject', { chatId });
    expect(offeredTo(fx, 'a2')).toEqual([chatId]);
  });
});

describe('agents:status', () => {
  it('is for agents only', async () => {
    const fx = createEngineFixture();
    const v = await fx.visitor();
    expect((await refusal(fx, v, 'agents:status', { status: 'online' })).code).toBe('forbidden');
    expect((await fx.engine.getUser(v.id))?.status).toBeUndefined();
  });

  it('acks the updated user and tells the agents of shared rooms only', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support', 'sales']);
    await fx.agent('s', ['support'], { status: 'offline' });
    await fx.agent('b', ['billing']);
    await fx.agent('both', ['sales', 'billing'], { status: 'away' });
    const v = await fx.visitor();
    await fx.chat(v, 'support', false);
    fx.clearEvents();

    const outcome = await fx.send(a1, 'agents:status', { status: 'away' });
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.data).toEqual({ user: agentUser('a1', 'away') });
    expect(log(outcome.events)).toEqual([to('agent:status', 'a1', 's', 'both')]);
    expect(fx.received('s', 'agent:status')).toEqual([{ userId: 'a1', status: 'away' }]);
    expect(fx.received('b', 'agent:status')).toEqual([]);
    expect(fx.received(v.id, 'agent:status')).toEqual([]);
    expect(await fx.engine.getUser('a1')).toEqual(agentUser('a1', 'away'));
  });

  it('setting the current status again changes nothing and tells nobody', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    await fx.agent('a2');
    const outcome = await fx.send(a1, 'agents:status', { status: 'online' });
    expect(outcome).toEqual({ ok: true, data: { user: agentUser('a1') }, events: [] });
  });

  it('walks through every status', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    for (const status of ['offline', 'online', 'away', 'online', 'offline'] as const) {
      expect((await fx.ok(a1, 'agents:status', { status })).user.status).toBe(status);
    }
    expect(fx.received('a1', 'agent:status').map((payload) => payload.status)).toEqual(['offline', 'online', 'away', 'online', 'offline']);
  });

  it('going away moves a withdrawn chat on even if the agent left the chat’s room meanwhile', async () => {
    // Regression: setAgentStatus dispatched only the agent's current rooms after withdrawing its offers.
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support']);
    await fx.agent('a2', ['support'], { capacity: 0 });
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    await fx.engine.registerAgent({ id: 'a1', name: 'Agent a1', rooms: ['sales'] });
    await fx.engine.registerAgent({ id: 'a2', name: 'Agent a2', rooms: ['support'], capacity: 1 });
    await fx.ok(a1, 'agents:status', { status: 'away' });
    expect(fx.received('a1', 'invitation:expired')).toEqual([{ chatId }]);
    expect(offeredTo(fx, 'a2')).toEqual([chatId]);
  });

  it('counts the agent’s word even when it repeats its status: a transport’s conditional change read before it is not made', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { status: 'offline' });
    // A socket connecting reads the agent offline; the agent says offline before the socket's "online".
    const read = await fx.engine.agentConnection('a1');
    expect(read).toMatchObject({ user: agentUser('a1', 'offline'), statusChoices: 0 });
    expect(await fx.ok(a1, 'agents:status', { status: 'offline' })).toEqual({ user: agentUser('a1', 'offline') });
    expect(await fx.engine.setAgentStatusIf('a1', 'offline', 'online', read.statusChoices)).toBe(false);
    expect((await fx.engine.getUser('a1'))?.status).toBe('offline');
    // Read after the word (a socket connecting later): the change is made.
    const later = await fx.engine.agentConnection('a1');
    expect(later.statusChoices).toBe(1);
    expect(await fx.engine.setAgentStatusIf('a1', 'offline', 'online', later.statusChoices)).toBe(true);
    expect((await fx.engine.getUser('a1'))?.status).toBe('online');
  });

  it('refuses unknown statuses and unregistered agents', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    await fx.fails(a1, 'agents:status', { status: 'busy' }, 'invalid_payload');
    await fx.fails(a1, 'agents:status', {}, 'invalid_payload');
    expect((await refusal(fx, { id: 'ghost', role: 'agent' }, 'agents:status', { status: 'online' })).code).toBe('not_found');
    expect((await fx.engine.getUser('a1'))?.status).toBe('online');
  });
});

describe('user:focus', () => {
  it('is allowed for any user, without a chat, and answers {}', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const v = await fx.visitor();
    fx.clearEvents();
    expect(await fx.send(v, 'user:focus', {})).toEqual({ ok: true, data: {}, events: [] });
    expect(await fx.send(a1, 'user:focus', {})).toEqual({ ok: true, data: {}, events: [] });
  });

  it('brings an away agent back online (telling its colleagues); an offline agent stays offline', async () => {
    const fx = createEngineFixture();
    const away = await fx.agent('away', ['support'], { status: 'away' });
    const off = await fx.agent('off', ['support'], { status: 'offline' });
    await fx.agent('peer', ['support']);
    fx.clearEvents();

    const outcome = await fx.send(away, 'user:focus', {});
    expect(outcome.ok && outcome.data).toEqual({});
    expect(log(outcome.events)).toEqual([to('agent:status', 'away', 'off', 'peer')]);
    expect(fx.received('peer', 'agent:status')).toEqual([{ userId: 'away', status: 'online' }]);
    expect((await fx.engine.getUser('away'))?.status).toBe('online');

    expect((await fx.send(off, 'user:focus', {})).events).toEqual([]);
    expect((await fx.engine.getUser('off'))?.status).toBe('offline');
  });

  it('checks the chat: unknown, or neither member nor agent of its room → not_found alike', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { capacity: 0 });
    const outsider = await fx.agent('out', ['sales'], { status: 'away' });
    const v = await fx.visitor();
    const stranger = await fx.visitor();
    const chatId = await fx.chat(v);

    expect((await refusal(fx, v, 'user:focus', { chatId: 'nope' })).code).toBe('not_found');
    expect((await refusal(fx, stranger, 'user:focus', { chatId })).code).toBe('not_found');
    // A refused focus does not bring the away agent back.
    expect((await refusal(fx, outsider, 'user:focus', { chatId })).code).toBe('not_found');
    expect((await fx.engine.getUser('out'))?.status).toBe('away');

    expect(await fx.ok(v, 'user:focus', { chatId })).toEqual({});
    expect(await fx.ok(a1, 'user:focus', { chatId })).toEqual({});
    await fx.fails(v, 'user:focus', { chatId: 7 }, 'invalid_payload');
  });
});

describe('registerAgent', () => {
  it('creates an offline agent with capacity 3 unless told otherwise', async () => {
    const fx = createEngineFixture();
    const user = await fx.engine.registerAgent({ id: 'a1', name: 'Ann', nickname: 'annie', rooms: ['support', 'support', 'sales'] });
    expect(user).toEqual({ id: 'a1', role: 'agent', name: 'Ann', nickname: 'annie', status: 'offline' });
    expect(await profile(fx, 'a1')).toEqual({ userId: 'a1', rooms: ['support', 'sales'], capacity: 3, lastOfferedAt: null, lastAssignedAt: null, statusChoices: 0 });
  });

  it('updates name, rooms and capacity, and keeps status and history unless given', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { capacity: 2 });
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    await fx.clock.advance(1_000);
    await fx.ok(a1, 'invitations:accept', { chatId });
    await fx.ok(a1, 'agents:status', { status: 'away' });

    const updated = await fx.engine.registerAgent({ id: 'a1', name: 'Ann', rooms: ['sales'], capacity: 5 });
    expect(updated).toEqual({ id: 'a1', role: 'agent', name: 'Ann', status: 'away' });
    expect(await profile(fx, 'a1')).toEqual({ userId: 'a1', rooms: ['sales'], capacity: 5, lastOfferedAt: iso(0), lastAssignedAt: iso(1_000), statusChoices: 1 });

    // No capacity: the stored one stays. A given status replaces the stored one.
    const again = await fx.engine.registerAgent({ id: 'a1', name: 'Ann', rooms: ['sales', 'support'], status: 'online' });
    expect(again.status).toBe('online');
    expect((await profile(fx, 'a1')).capacity).toBe(5);
    expect(await fx.engine.onlineAgents(['sales', 'support'])).toEqual({ sales: 1, support: 1 });
  });

  it('refuses to turn a visitor into an agent', async () => {
    const fx = createEngineFixture();
    const v = await fx.visitor();
    await expect(fx.engine.registerAgent({ id: v.id, name: 'x', rooms: ['support'] })).rejects.toMatchObject({ code: 'conflict' });
    expect((await fx.engine.getUser(v.id))?.role).toBe('user');
  });

  it('an online registration pulls queued chats of its rooms; an offline one does not', async () => {
    const fx = createEngineFixture();
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    await fx.engine.registerAgent({ id: 'off', name: 'Off', rooms: ['support'] });
    expect(offeredTo(fx, 'off')).toEqual([]);
    await fx.engine.registerAgent({ id: 'on', name: 'On', rooms: ['support'], status: 'online' });
    expect(offeredTo(fx, 'on')).toEqual([chatId]);
  });
});

describe('onlineAgents', () => {
  it('counts online agents per room (away and offline do not count)', async () => {
    const fx = createEngineFixture();
    await fx.agent('a1', ['support', 'sales']);
    await fx.agent('a2', ['support']);
    await fx.agent('a3', ['support'], { status: 'away' });
    await fx.agent('a4', ['sales'], { status: 'offline' });
    expect(await fx.engine.onlineAgents(['support', 'sales', 'nobody'])).toEqual({ support: 2, sales: 1, nobody: 0 });
    expect(await fx.engine.onlineAgents([])).toEqual({});
  });

  it('follows status changes, whatever the load', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { capacity: 1 });
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    await fx.ok(a1, 'invitations:accept', { chatId });
    // Full but online: still counted (the widget asks whether anyone is there, not who is free).
    expect(await fx.engine.onlineAgents(['support'])).toEqual({ support: 1 });
    await fx.ok(a1, 'agents:status', { status: 'offline' });
    expect(await fx.engine.onlineAgents(['support'])).toEqual({ support: 0 });
  });
});
