/// <reference types="node" />
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TimerTask } from './clock';
import { createChatEngine } from './engine';
import { createManualClock } from './manualClock';
import type { OutgoingEvent } from './outgoing';
import { createEngineFixture, log, refusal, stored, to } from './testFixture';
import type { EngineFixture } from './testFixture';

/** The manual clock's start (testFixture → createManualClock). */
const T0 = Date.UTC(2026, 0, 1);
const iso = (ms: number) => new Date(T0 + ms).toISOString();

/** A timer that never fires: time passes (the fixture's clock) but no offer timer runs. */
const deafTimer = { setTimeout: () => 0, clearTimeout: () => undefined };

/** Only the routing events (offers, expiries, forever:alone, queue positions), in order. */
function routingLog(events: readonly OutgoingEvent[]): string[] {
  const routing = new Set(['invitation:new', 'invitation:expired', 'forever:alone', 'queues:update']);
  return events.filter((sent) => routing.has(sent.event)).map((sent) => {
    const payload = sent.payload as { chatId?: string; chat?: { id: string }; queuePosition?: number };
    const chatId = payload.chatId ?? payload.chat?.id;
    const position = payload.queuePosition === undefined ? '' : `#${payload.queuePosition}`;
    return `${sent.event}(${chatId}${position}) -> ${[...sent.to].sort().join(',')}`;
  });
}

/** Chat ids offered to the agent, in order. */
function offeredTo(fx: EngineFixture, agentId: string): string[] {
  return fx.received(agentId, 'invitation:new').map((payload) => payload.chat.id);
}

/** Events recorded from `start` on. */
function since(fx: EngineFixture, start: number): OutgoingEvent[] {
  return fx.events.slice(start);
}

describe('chats:assign', () => {
  it('refuses unknown chats, non-members, closed chats and chats that already have an agent', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const v = await fx.visitor();
    const stranger = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);

    expect((await refusal(fx, v, 'chats:assign', { chatId: 'nope' })).code).toBe('not_found');
    // A stranger cannot tell the chat from a missing one (issue 13).
    expect((await refusal(fx, stranger, 'chats:assign', { chatId })).code).toBe('not_found');
    // An agent of the room sees the chat but is not a member either.
    expect((await refusal(fx, a1, 'chats:assign', { chatId })).code).toBe('forbidden');
    expect((await stored(fx, chatId)).queuedAt).toBeNull();

    await fx.ok(v, 'chats:assign', { chatId });
    await fx.ok(a1, 'invitations:accept', { chatId });
    // Assigning an answered chat again is a no-op (an app's effect may run twice): no event, no change.
    fx.clearEvents();
    const again = await fx.send(v, 'chats:assign', { chatId });
    expect(again).toMatchObject({ ok: true, data: { chat: { id: chatId, status: 'active', assignee: a1.id } } });
    expect(again.events).toEqual([]);
    // (The assignee's own chats:assign is a hand-over: commands/chats.test.ts.)

    await fx.ok(v, 'chats:close', { chatId, userId: v.id });
    expect((await refusal(fx, v, 'chats:assign', { chatId })).code).toBe('closed');
  });

  it('acks `offered` when an agent is free, with the invitation in the same command', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);

    const outcome = await fx.send(v, 'chats:assign', { chatId });
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.data.chat).toMatchObject({ id: chatId, status: 'offered', users: [v.id] });
    expect(outcome.data.chat).not.toHaveProperty('assignee');
    expect(routingLog(outcome.events)).toEqual([`invitation:new(${chatId}) -> a1`]);
    expect(fx.received(a1.id, 'invitation:new')).toEqual([{ chat: outcome.data.chat, expiresAt: iso(30_000) }]);
    // Routing internals stay off the wire.
    expect(outcome.data.chat).not.toHaveProperty('routing');
    expect(outcome.data.chat).not.toHaveProperty('queuedAt');
  });

  it('acks `waiting` when no agent is online with a free slot, and offers nothing', async () => {
    const fx = createEngineFixture();
    await fx.agent('away', ['support'], { status: 'away' });
    await fx.agent('off', ['support'], { status: 'offline' });
    await fx.agent('full', ['support'], { capacity: 0 });
    await fx.agent('elsewhere', ['sales']);
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);

    const { chat } = await fx.ok(v, 'chats:assign', { chatId });
    expect(chat.status).toBe('waiting');
    expect(routingLog(fx.events)).toEqual([`queues:update(${chatId}#1) -> ${v.id}`]);
    expect(fx.clock.pending()).toBe(0);
  });

  it('uses 30 s offers and 3 attempts by default', async () => {
    const fx = createEngineFixture();
    await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);
    await fx.ok(v, 'chats:assign', { chatId });

    const chat = await stored(fx, chatId);
    expect(chat.routing).toEqual({ algorithm: 'least-busy', maxAttempts: 3, intervalMs: 30_000, attempts: 0, offeredAgentIds: ['a1'] });
    expect(fx.received('a1', 'invitation:new')[0]?.expiresAt).toBe(iso(30_000));

    await fx.clock.advance(29_999);
    expect(fx.received('a1', 'invitation:expired')).toEqual([]);
    await fx.clock.advance(1);
    expect(fx.received('a1', 'invitation:expired')).toEqual([{ chatId }]);
    await fx.clock.advance(60_000);
    expect(fx.received('a1', 'invitation:expired')).toHaveLength(3);
    expect(fx.received(v.id, 'forever:alone')).toEqual([{ chatId }]);
  });

  it('lists an agent\'s unanswered offers as invitation:new payloads, and nobody else\'s', async () => {
    const fx = createEngineFixture();
    await fx.agent('a1');
    await fx.agent('a2');
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const first = await fx.chat(v1, 'support', { interval: 60 });
    const second = await fx.chat(v2, 'support', { interval: 20 });
    const offers = [...fx.received('a1', 'invitation:new'), ...fx.received('a2', 'invitation:new')];
    expect(offers).toHaveLength(2);
    const byAgent = (agentId: string) => fx.received(agentId, 'invitation:new');
    expect(await fx.engine.pendingInvitations('a1')).toEqual(byAgent('a1'));
    expect(await fx.engine.pendingInvitations('a2')).toEqual(byAgent('a2'));
    await fx.ok({ id: byAgent('a1')[0]!.chat.id === first ? 'a1' : 'a2', role: 'agent' }, 'invitations:accept', { chatId: first });
    const stillPending = [...(await fx.engine.pendingInvitations('a1')), ...(await fx.engine.pendingInvitations('a2'))];
    expect(stillPending.map((invitation) => invitation.chat.id)).toEqual([second]);
  });

  it('expires an offer whose timer fires a millisecond before the deadline (it waits again, never forgets)', async () => {
    // Node and browsers may run a timer 1 ms before Date.now() reaches its deadline (seen: 5 in 500).
    const clock = createManualClock(T0);
    const earlyTimer = {
      setTimeout: (task: TimerTask, delayMs: number) => clock.timer.setTimeout(task, delayMs > 1 ? delayMs - 1 : delayMs),
      clearTimeout: (handle: unknown) => clock.timer.clearTimeout(handle),
    };
    const fx = createEngineFixture({ clock, timer: earlyTimer });
    await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { maxAttempts: 1 });

    await clock.advance(29_999);
    expect(fx.received('a1', 'invitation:expired')).toEqual([]);
    await clock.advance(1);
    expect(fx.received('a1', 'invitation:expired')).toEqual([{ chatId }]);
    expect(fx.received(v.id, 'forever:alone')).toEqual([{ chatId }]);
  });

  it('takes interval in seconds (fractions allowed), maxAttempts and algorithm from the payload', async () => {
    const fx = createEngineFixture();
    await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { interval: 2.5, maxAttempts: 7, algorithm: 'round-robin' });
    expect((await stored(fx, chatId)).routing).toMatchObject({ algorithm: 'round-robin', maxAttempts: 7, intervalMs: 2_500 });
    expect(fx.received('a1', 'invitation:new')[0]?.expiresAt).toBe(iso(2_500));
  });

  it('is idempotent while routing: a second assign keeps the offer, its deadline, the attempts and the round', async () => {
    const fx = createEngineFixture();
    await fx.agent('a1');
    await fx.agent('a2');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { interval: 10, maxAttempts: 3 });
    await fx.clock.advance(10_000); // a1 expired, a2 offered until 20 s
    await fx.clock.advance(4_000);
    const before = await stored(fx, chatId);
    expect(before.routing).toMatchObject({ attempts: 1, offeredAgentIds: ['a1', 'a2'] });
    const count = fx.events.length;

    const outcome = await fx.send(v, 'chats:assign', { chatId, interval: 100, maxAttempts: 50, algorithm: 'random' });
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.data.chat.status).toBe('offered');
    expect(outcome.events).toEqual([]);
    expect(await stored(fx, chatId)).toEqual(before);
    expect(fx.clock.pending()).toBe(1);

    // The a2 offer still ends at 20 s; the third attempt (a1 again, new round) then ends the routing.
    await fx.clock.advance(6_000);
    expect(routingLog(since(fx, count))).toEqual([`invitation:expired(${chatId}) -> a2`, `invitation:new(${chatId}) -> a1`]);
    await fx.clock.advance(10_000);
    expect(fx.received(v.id, 'forever:alone')).toEqual([{ chatId }]);
  });

  it('is idempotent while waiting in the queue: the chat keeps its place', async () => {
    const fx = createEngineFixture();
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const c1 = await fx.chat(v1);
    await fx.clock.advance(1_000);
    const c2 = await fx.chat(v2);
    const count = fx.events.length;

    expect((await fx.ok(v1, 'chats:assign', { chatId: c1 })).chat.status).toBe('waiting');
    expect(since(fx, count)).toEqual([]);
    expect((await stored(fx, c1)).queuedAt).toBe(iso(0));
    await fx.agent('a1', ['support'], { capacity: 1 });
    expect(offeredTo(fx, 'a1')).toEqual([c1]);
    expect((await stored(fx, c2)).status).toBe('waiting');
  });
});

describe('offer timelines', () => {
  it('offer → expiry → next agent → … → forever:alone after maxAttempts; the chat stays waiting outside the queue', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    await fx.agent('a2');
    await fx.agent('a3');
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    expect(routingLog(fx.events)).toEqual([`invitation:new(${chatId}) -> a1`]);

    const steps: string[][] = [];
    for (let i = 0; i < 3; i++) {
      const count = fx.events.length;
      await fx.clock.advance(30_000);
      steps.push(log(since(fx, count)));
    }
    const roomAndVisitor = [v.id, 'a1', 'a2', 'a3'];
    expect(steps).toEqual([
      [to('invitation:expired', 'a1'), to('chat:updated', ...roomAndVisitor), to('invitation:new', 'a2'), to('chat:updated', ...roomAndVisitor)],
      [to('invitation:expired', 'a2'), to('chat:updated', ...roomAndVisitor), to('invitation:new', 'a3'), to('chat:updated', ...roomAndVisitor)],
      [to('invitation:expired', 'a3'), to('forever:alone', v.id), to('chat:updated', ...roomAndVisitor)],
    ]);
    expect(fx.received('a2', 'invitation:new')).toEqual([{ chat: expect.objectContaining({ id: chatId, status: 'offered' }), expiresAt: iso(60_000) }]);
    expect(fx.received('a3', 'invitation:new')[0]?.expiresAt).toBe(iso(90_000));

    const chat = await stored(fx, chatId);
    expect(chat).toMatchObject({ status: 'waiting', queuedAt: null, routing: null });
    expect(await fx.store.transaction((tx) => tx.listQueue('support'))).toEqual([]);
    expect(fx.clock.pending()).toBe(0);
    expect((await fx.ok(v, 'chats:get', { chatId })).chat.status).toBe('waiting');

    // Nothing more is offered, whatever frees up: a new agent, an agent coming back, time passing.
    const count = fx.events.length;
    await fx.agent('a4');
    await fx.ok(a1, 'agents:status', { status: 'away' });
    await fx.ok(a1, 'agents:status', { status: 'online' });
    await fx.clock.advance(600_000);
    expect(routingLog(since(fx, count))).toEqual([]);

    // A new chats:assign starts a fresh routing: least-busy, all idle → a1 (by id).
    const again = await fx.ok(v, 'chats:assign', { chatId });
    expect(again.chat.status).toBe('offered');
    expect(routingLog(since(fx, count))).toEqual([`invitation:new(${chatId}) -> a1`]);
    expect((await stored(fx, chatId)).routing).toMatchObject({ attempts: 0, offeredAgentIds: ['a1'] });
  });

  it('with one agent, restarts the round and re-offers the same agent until maxAttempts', async () => {
    const fx = createEngineFixture();
    await fx.agent('solo');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { interval: 5, maxAttempts: 3 });
    await fx.clock.advance(15_000);
    expect(routingLog(fx.events)).toEqual([
      `invitation:new(${chatId}) -> solo`,
      `invitation:expired(${chatId}) -> solo`,
      `invitation:new(${chatId}) -> solo`,
      `invitation:expired(${chatId}) -> solo`,
      `invitation:new(${chatId}) -> solo`,
      `invitation:expired(${chatId}) -> solo`,
      `forever:alone(${chatId}) -> ${v.id}`,
    ]);
    expect(fx.received('solo', 'invitation:new').map((offer) => offer.expiresAt)).toEqual([iso(5_000), iso(10_000), iso(15_000)]);
  });

  it('with two agents, rotates a → b → a (new round) within maxAttempts', async () => {
    const fx = createEngineFixture();
    await fx.agent('a');
    await fx.agent('b');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { interval: 1, maxAttempts: 4 });
    await fx.clock.advance(1_000);
    expect((await stored(fx, chatId)).routing).toMatchObject({ attempts: 1, offeredAgentIds: ['a', 'b'] });
    // Both have been offered: the third offer starts a new round, which holds only a.
    await fx.clock.advance(1_000);
    expect((await stored(fx, chatId)).routing).toMatchObject({ attempts: 2, offeredAgentIds: ['a'] });
    await fx.clock.advance(2_000);
    expect(routingLog(fx.events).filter((line) => line.startsWith('invitation:new'))).toEqual([
      `invitation:new(${chatId}) -> a`,
      `invitation:new(${chatId}) -> b`,
      `invitation:new(${chatId}) -> a`,
      `invitation:new(${chatId}) -> b`,
    ]);
    expect(fx.received(v.id, 'forever:alone')).toEqual([{ chatId }]);
  });

  it('counts a rejection as a jump exactly like an expiry', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    await fx.agent('a2');
    const a3 = await fx.agent('a3');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { interval: 30, maxAttempts: 3 });

    await fx.clock.advance(10_000);
    const rejected = await fx.send(a1, 'invitations:reject', { chatId });
    if (!rejected.ok) throw new Error(rejected.error.message);
    // The next agent is offered at once, with a full interval from the rejection.
    expect(routingLog(rejected.events)).toEqual([`invitation:expired(${chatId}) -> a1`, `invitation:new(${chatId}) -> a2`]);
    expect(rejected.data.chat.status).toBe('offered');
    expect(fx.received('a2', 'invitation:new')[0]?.expiresAt).toBe(iso(40_000));
    expect((await stored(fx, chatId)).routing).toMatchObject({ attempts: 1, offeredAgentIds: ['a1', 'a2'] });

    // a1's old deadline (30 s) passes without effect; a2's (40 s) expires: attempt 2.
    await fx.clock.advance(20_000);
    expect(fx.received('a1', 'invitation:expired')).toHaveLength(1);
    expect(fx.received('a2', 'invitation:expired')).toEqual([]);
    await fx.clock.advance(10_000);
    expect(fx.received('a2', 'invitation:expired')).toEqual([{ chatId }]);
    expect(offeredTo(fx, 'a3')).toEqual([chatId]);
    expect((await stored(fx, chatId)).routing).toMatchObject({ attempts: 2, offeredAgentIds: ['a1', 'a2', 'a3'] });

    await fx.clock.advance(5_000);
    await fx.ok(a3, 'invitations:reject', { chatId });
    expect(fx.received(v.id, 'forever:alone')).toEqual([{ chatId }]);
    expect(await stored(fx, chatId)).toMatchObject({ status: 'waiting', queuedAt: null, routing: null });
    // a3's timer (70 s) is not cancelled by the reject; it finds no offer and does nothing.
    const count = fx.events.length;
    await fx.clock.advance(30_000);
    expect(since(fx, count)).toEqual([]);
    expect(fx.clock.pending()).toBe(0);
  });

  it('refuses an accept at or after the deadline even if the timer has not fired yet', async () => {
    const fx = createEngineFixture({ timer: deafTimer });
    const a1 = await fx.agent('a1');
    await fx.agent('a2');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { interval: 30 });

    await fx.clock.advance(30_000);
    const late = await refusal(fx, a1, 'invitations:accept', { chatId });
    expect(late.code).toBe('conflict');
    expect(await stored(fx, chatId)).toMatchObject({ status: 'offered', routing: { attempts: 0 } });
    // A late reject is refused the same way; the expiry itself is the jump.
    expect((await refusal(fx, a1, 'invitations:reject', { chatId })).code).toBe('conflict');

    const count = fx.events.length;
    await fx.engine.expireDueOffers();
    expect(routingLog(since(fx, count))).toEqual([`invitation:expired(${chatId}) -> a1`, `invitation:new(${chatId}) -> a2`]);
    expect((await stored(fx, chatId)).routing?.attempts).toBe(1);
  });

  it('accepts one millisecond before the deadline', async () => {
    const fx = createEngineFixture({ timer: deafTimer });
    const a1 = await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { interval: 30 });
    await fx.clock.advance(29_999);
    const { chat } = await fx.ok(a1, 'invitations:accept', { chatId });
    expect(chat).toMatchObject({ status: 'active', assignee: 'a1' });
  });

  it('the accepted offer’s timer fires harmlessly', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { interval: 30 });
    await fx.ok(a1, 'invitations:accept', { chatId });
    const count = fx.events.length;
    await fx.clock.advance(30_000);
    expect(since(fx, count)).toEqual([]);
    expect((await stored(fx, chatId)).status).toBe('active');
  });

  it('a closed chat’s offer is withdrawn and its timer fires harmlessly', async () => {
    const fx = createEngineFixture();
    await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { interval: 30 });
    const closed = await fx.send(v, 'chats:close', { chatId, userId: v.id });
    expect(closed.ok && routingLog(closed.events)).toEqual([`invitation:expired(${chatId}) -> a1`]);
    const count = fx.events.length;
    await fx.clock.advance(30_000);
    expect(since(fx, count)).toEqual([]);
    expect(fx.received(v.id, 'forever:alone')).toEqual([]);
  });
});

describe('agents going away mid-offer', () => {
  for (const status of ['away', 'offline'] as const) {
    it(`withdraws the offer when the agent goes ${status} and offers the next agent at once`, async () => {
      const fx = createEngineFixture();
      const a1 = await fx.agent('a1');
      await fx.agent('a2');
      const v = await fx.visitor();
      const chatId = await fx.chat(v, 'support', { interval: 30 });
      await fx.clock.advance(10_000);

      const outcome = await fx.send(a1, 'agents:status', { status });
      if (!outcome.ok) throw new Error(outcome.error.message);
      expect(routingLog(outcome.events)).toEqual([`invitation:expired(${chatId}) -> a1`, `invitation:new(${chatId}) -> a2`]);
      expect(fx.received('a2', 'invitation:new')[0]?.expiresAt).toBe(iso(40_000));
      // The withdrawal is one of the jumps (PROTOCOL.md §6 names only reject and expiry; see report).
      expect((await stored(fx, chatId)).routing).toMatchObject({ attempts: 1, offeredAgentIds: ['a1', 'a2'] });
      // a1's original deadline passes without a second invitation:expired.
      await fx.clock.advance(20_000);
      expect(fx.received('a1', 'invitation:expired')).toHaveLength(1);
      expect(fx.received('a1', 'invitation:new')).toHaveLength(1);
    });
  }

  it('withdraws every pending offer of the agent', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support', 'sales'], { capacity: 3 });
    await fx.agent('a2', ['support', 'sales'], { capacity: 0 });
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const c1 = await fx.chat(v1, 'support');
    const c2 = await fx.chat(v2, 'sales');
    expect(offeredTo(fx, 'a1')).toEqual([c1, c2]);
    const outcome = await fx.send(a1, 'agents:status', { status: 'offline' });
    expect(outcome.ok && routingLog(outcome.events)).toEqual([
      `invitation:expired(${c1}) -> a1`,
      `invitation:expired(${c2}) -> a1`,
      `queues:update(${c1}#1) -> ${v1.id}`,
      `queues:update(${c2}#1) -> ${v2.id}`,
    ]);
    expect(await fx.store.transaction((tx) => tx.listAgentOffers('a1'))).toEqual([]);
  });

  it('a withdrawal on the last attempt ends the routing with forever:alone', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    await fx.agent('a2');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { maxAttempts: 1 });
    const outcome = await fx.send(a1, 'agents:status', { status: 'away' });
    expect(outcome.ok && routingLog(outcome.events)).toEqual([`invitation:expired(${chatId}) -> a1`, `forever:alone(${chatId}) -> ${v.id}`]);
    expect(offeredTo(fx, 'a2')).toEqual([]);
  });

  it('an agent coming back online pulls the queued chats, up to its capacity, in queue order', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { capacity: 2 });
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const v3 = await fx.visitor();
    const c1 = await fx.chat(v1);
    await fx.ok(a1, 'agents:status', { status: 'away' });
    expect(await stored(fx, c1)).toMatchObject({ status: 'waiting', routing: { attempts: 1 } });
    await fx.clock.advance(1_000);
    const c2 = await fx.chat(v2);
    await fx.clock.advance(1_000);
    const c3 = await fx.chat(v3);
    expect((await fx.store.transaction((tx) => tx.listQueue('support'))).map((chat) => chat.id)).toEqual([c1, c2, c3]);

    const count = fx.events.length;
    const outcome = await fx.send(a1, 'agents:status', { status: 'online' });
    expect(outcome.ok && routingLog(outcome.events)).toEqual([
      `invitation:new(${c1}) -> a1`,
      `invitation:new(${c2}) -> a1`,
      `queues:update(${c3}#1) -> ${v3.id}`,
    ]);
    expect(routingLog(since(fx, count))).toHaveLength(3);
    expect(await stored(fx, c3)).toMatchObject({ status: 'waiting' });
  });

  it('user:focus of an away agent brings it back online and pulls the queue', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { status: 'away' });
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    expect(offeredTo(fx, 'a1')).toEqual([]);
    const outcome = await fx.send(a1, 'user:focus', {});
    expect(outcome.ok && routingLog(outcome.events)).toEqual([`invitation:new(${chatId}) -> a1`]);
  });
});

describe('capacity', () => {
  it('never offers an agent more than its capacity, counting open chats and pending offers', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { capacity: 2 });
    const visitors = await Promise.all([1, 2, 3, 4].map(() => fx.visitor()));
    const chats: string[] = [];
    for (const v of visitors) chats.push(await fx.chat(v));
    const [c1, c2, c3, c4] = chats as [string, string, string, string];
    expect(offeredTo(fx, 'a1')).toEqual([c1, c2]);

    await fx.ok(a1, 'invitations:accept', { chatId: c1 });
    // One open chat + one pending offer = 2: still full.
    expect(offeredTo(fx, 'a1')).toEqual([c1, c2]);
    await fx.ok(a1, 'invitations:accept', { chatId: c2 });
    expect(offeredTo(fx, 'a1')).toEqual([c1, c2]);
    expect((await stored(fx, c3)).status).toBe('waiting');

    // Closing an active chat frees a slot: the head of the queue is offered.
    await fx.ok(visitors[0]!, 'chats:close', { chatId: c1, userId: visitors[0]!.id });
    expect(offeredTo(fx, 'a1')).toEqual([c1, c2, c3]);
    expect((await stored(fx, c4)).status).toBe('waiting');
  });

  it('two chats racing for the last slot: one is offered, the other waits', async () => {
    const fx = createEngineFixture();
    await fx.agent('a1', ['support'], { capacity: 1 });
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const c1 = await fx.chat(v1, 'support', false);
    const c2 = await fx.chat(v2, 'support', false);

    const [r1, r2] = await Promise.all([
      fx.ok(v1, 'chats:assign', { chatId: c1, maxAttempts: 1 }),
      fx.ok(v2, 'chats:assign', { chatId: c2 }),
    ]);
    expect([r1.chat.status, r2.chat.status]).toEqual(['offered', 'waiting']);
    expect(offeredTo(fx, 'a1')).toEqual([c1]);
    expect(fx.received(v2.id, 'queues:update')).toEqual([{ chatId: c2, queuePosition: 1 }]);
  });

  it('the waiting chat gets the slot when the first offer is rejected and leaves the queue', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { capacity: 1 });
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const c1 = await fx.chat(v1, 'support', { maxAttempts: 1 });
    const c2 = await fx.chat(v2);
    expect(offeredTo(fx, 'a1')).toEqual([c1]);

    const rejected = await fx.send(a1, 'invitations:reject', { chatId: c1 });
    expect(rejected.ok && routingLog(rejected.events)).toEqual([
      `invitation:expired(${c1}) -> a1`,
      `forever:alone(${c1}) -> ${v1.id}`,
      `invitation:new(${c2}) -> a1`,
    ]);
  });

  it('a chat its only agent rejected leaves the queue at once, and the chat behind it gets the slot', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { capacity: 1 });
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const c1 = await fx.chat(v1);
    const c2 = await fx.chat(v2);
    const rejected = await fx.send(a1, 'invitations:reject', { chatId: c1 });
    expect(rejected.ok && routingLog(rejected.events)).toEqual([
      `invitation:expired(${c1}) -> a1`,
      `forever:alone(${c1}) -> ${v1.id}`,
      `invitation:new(${c2}) -> a1`,
    ]);
  });

  it('a chat whose candidates all rejected it lets the next queued chat have the free agent', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { capacity: 1 });
    const a2 = await fx.agent('a2', ['support'], { capacity: 1 });
    const v0 = await fx.visitor();
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    // a2 is busy; a1 rejects c1, which waits for a2 (online, so it may still answer).
    const held = await fx.chat(v0);
    await fx.ok(a1, 'invitations:accept', { chatId: held });
    const c1 = await fx.chat(v1);
    expect(offeredTo(fx, 'a2')).toEqual([c1]);
    await fx.ok(a2, 'invitations:accept', { chatId: c1 });
    await fx.ok(a1, 'chats:close', { chatId: held, userId: a1.id });
    const c2 = await fx.chat(v2);
    expect(offeredTo(fx, 'a1')).toEqual([held, c2]);
    await fx.ok(a1, 'invitations:reject', { chatId: c2 });
    // c2 waits for a2, who is online but full; a1 is free but said no to it.
    expect(fx.received(v2.id, 'forever:alone')).toEqual([]);
    const c3 = await fx.chat(await fx.visitor());
    expect(offeredTo(fx, 'a1')).toEqual([held, c2, c3]);
    expect((await stored(fx, c2)).status).toBe('waiting');
  });

  it('the waiting chat gets the slot when the agent accepts and then closes the first chat', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { capacity: 1 });
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const c1 = await fx.chat(v1);
    const c2 = await fx.chat(v2);
    await fx.ok(a1, 'invitations:accept', { chatId: c1 });
    expect(offeredTo(fx, 'a1')).toEqual([c1]);
    const closed = await fx.send(a1, 'chats:close', { chatId: c1, userId: a1.id });
    expect(closed.ok && routingLog(closed.events)).toEqual([`invitation:new(${c2}) -> a1`]);
  });

  it('the waiting chat gets the slot when the visitor closes the first chat while it is offered', async () => {
    const fx = createEngineFixture();
    await fx.agent('a1', ['support'], { capacity: 1 });
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const c1 = await fx.chat(v1);
    const c2 = await fx.chat(v2);
    const closed = await fx.send(v1, 'chats:close', { chatId: c1, userId: v1.id });
    expect(closed.ok && routingLog(closed.events)).toEqual([`invitation:expired(${c1}) -> a1`, `invitation:new(${c2}) -> a1`]);
    expect(offeredTo(fx, 'a1')).toEqual([c1, c2]);
  });

  it('raising an online agent’s capacity with registerAgent pulls queued chats', async () => {
    const fx = createEngineFixture();
    await fx.agent('a1', ['support'], { capacity: 1 });
    const visitors = [await fx.visitor(), await fx.visitor(), await fx.visitor()];
    const chats: string[] = [];
    for (const v of visitors) chats.push(await fx.chat(v));
    expect(offeredTo(fx, 'a1')).toEqual(chats.slice(0, 1));
    await fx.engine.registerAgent({ id: 'a1', name: 'Agent a1', rooms: ['support'], capacity: 3 });
    expect(offeredTo(fx, 'a1')).toEqual(chats);
  });
});

describe('queue positions', () => {
  it('sends queues:update (1-based) to each waiting creator whose position changed, and to nobody else', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { capacity: 1, status: 'offline' });
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const v3 = await fx.visitor();
    const v4 = await fx.visitor();

    // Joining the queue: only the newcomer's position is new.
    const c1 = await fx.chat(v1, 'support', { interval: 10, maxAttempts: 1 });
    await fx.clock.advance(1);
    const c2 = await fx.chat(v2);
    await fx.clock.advance(1);
    const c3 = await fx.chat(v3);
    await fx.clock.advance(1);
    const c4 = await fx.chat(v4);
    expect(routingLog(fx.events)).toEqual([
      `queues:update(${c1}#1) -> ${v1.id}`,
      `queues:update(${c2}#2) -> ${v2.id}`,
      `queues:update(${c3}#3) -> ${v3.id}`,
      `queues:update(${c4}#4) -> ${v4.id}`,
    ]);

    // Leaving by close: everyone behind moves up.
    let count = fx.events.length;
    await fx.ok(v2, 'chats:close', { chatId: c2, userId: v2.id });
    expect(routingLog(since(fx, count))).toEqual([`queues:update(${c3}#2) -> ${v3.id}`, `queues:update(${c4}#3) -> ${v4.id}`]);

    // Leaving by offer: the head is offered, the rest move up (the offered chat hears nothing).
    count = fx.events.length;
    await fx.ok(a1, 'agents:status', { status: 'online' });
    expect(routingLog(since(fx, count))).toEqual([
      `invitation:new(${c1}) -> a1`,
      `queues:update(${c3}#1) -> ${v3.id}`,
      `queues:update(${c4}#2) -> ${v4.id}`,
    ]);

    // forever:alone: c1 does not come back; the slot goes to c3, c4 moves up.
    count = fx.events.length;
    await fx.clock.advance(10_000);
    expect(routingLog(since(fx, count))).toEqual([
      `invitation:expired(${c1}) -> a1`,
      `forever:alone(${c1}) -> ${v1.id}`,
      `invitation:new(${c3}) -> a1`,
      `queues:update(${c4}#1) -> ${v4.id}`,
    ]);

    // A new assign after forever:alone queues at the back.
    count = fx.events.length;
    expect((await fx.ok(v1, 'chats:assign', { chatId: c1 })).chat.status).toBe('waiting');
    expect(routingLog(since(fx, count))).toEqual([`queues:update(${c1}#2) -> ${v1.id}`]);
  });

  it('an expired offer with attempts left returns the chat to its old place, ahead of later chats', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { capacity: 1 });
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const c1 = await fx.chat(v1, 'support', { interval: 10 });
    await fx.clock.advance(1_000);
    const c2 = await fx.chat(v2);
    expect(fx.received(v2.id, 'queues:update')).toEqual([{ chatId: c2, queuePosition: 1 }]);

    // a1 goes away: c1 is back in the queue at its old place (1), pushing c2 to 2.
    const count = fx.events.length;
    await fx.ok(a1, 'agents:status', { status: 'away' });
    expect(routingLog(since(fx, count))).toEqual([
      `invitation:expired(${c1}) -> a1`,
      `queues:update(${c1}#1) -> ${v1.id}`,
      `queues:update(${c2}#2) -> ${v2.id}`,
    ]);
  });

  it('queues are per room', async () => {
    const fx = createEngineFixture();
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const c1 = await fx.chat(v1, 'support');
    const c2 = await fx.chat(v2, 'sales');
    expect(fx.received(v1.id, 'queues:update')).toEqual([{ chatId: c1, queuePosition: 1 }]);
    expect(fx.received(v2.id, 'queues:update')).toEqual([{ chatId: c2, queuePosition: 1 }]);
  });
});

describe('algorithms end to end', () => {
  it('least-busy spreads chats, then prefers the agent assigned longest ago, then the one with the fewest chats', async () => {
    const fx = createEngineFixture();
    const agents = [await fx.agent('a1'), await fx.agent('a2'), await fx.agent('a3')];
    const visitors = await Promise.all([1, 2, 3, 4, 5].map(() => fx.visitor()));
    const chats: string[] = [];
    for (const v of visitors.slice(0, 3)) chats.push(await fx.chat(v));
    expect(chats.map((chatId) => fx.events.find((sent) => sent.event === 'invitation:new' && sent.payload.chat.id === chatId)?.to)).toEqual([['a1'], ['a2'], ['a3']]);

    // Accept in the order a3, a1, a2, a second apart: a3 has been idle the longest.
    for (const index of [2, 0, 1]) {
      await fx.ok(agents[index]!, 'invitations:accept', { chatId: chats[index]! });
      await fx.clock.advance(1_000);
    }
    const c4 = await fx.chat(visitors[3]!);
    expect(offeredTo(fx, 'a3')).toEqual([chats[2], c4]);

    // a2 closes its chat: fewest open chats wins over idle time.
    await fx.ok(agents[1]!, 'chats:close', { chatId: chats[1]!, userId: 'a2' });
    const c5 = await fx.chat(visitors[4]!);
    expect(offeredTo(fx, 'a2')).toEqual([chats[1], c5]);
  });

  it('round-robin rotates by who was offered longest ago, regardless of load', async () => {
    const fx = createEngineFixture({ defaultAlgorithm: 'round-robin' });
    const a1 = await fx.agent('a1');
    await fx.agent('a2');
    await fx.agent('a3');
    const visitors = await Promise.all([1, 2, 3, 4, 5].map(() => fx.visitor()));

    const c1 = await fx.chat(visitors[0]!, 'support', { maxAttempts: 1 });
    await fx.ok(a1, 'invitations:reject', { chatId: c1 }); // a1 is idle again, but was offered last
    await fx.clock.advance(1_000);
    const c2 = await fx.chat(visitors[1]!);
    await fx.clock.advance(1_000);
    const c3 = await fx.chat(visitors[2]!);
    await fx.clock.advance(1_000);
    const c4 = await fx.chat(visitors[3]!);
    await fx.clock.advance(1_000);
    const c5 = await fx.chat(visitors[4]!);
    expect([offeredTo(fx, 'a1'), offeredTo(fx, 'a2'), offeredTo(fx, 'a3')]).toEqual([[c1, c4], [c2, c5], [c3]]);

    // least-busy on the same setup would have given c2 to a1 (load 0, first by id).
    const lb = createEngineFixture();
    const lbA1 = await lb.agent('a1');
    await lb.agent('a2');
    const lbV = [await lb.visitor(), await lb.visitor()];
    const lbC1 = await lb.chat(lbV[0]!, 'support', { maxAttempts: 1 });
    await lb.ok(lbA1, 'invitations:reject', { chatId: lbC1 });
    const lbC2 = await lb.chat(lbV[1]!);
    expect(offeredTo(lb, 'a1')).toEqual([lbC1, lbC2]);
  });

  it('random draws with the injected random among the agents not yet offered', async () => {
    const draws = [0.7, 0.1, 0.9, 0.5];
    let calls = 0;
    const fx = createEngineFixture({ random: () => draws[calls++] ?? 0 });
    await fx.agent('a1');
    await fx.agent('a2');
    await fx.agent('a3');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { algorithm: 'random', interval: 1, maxAttempts: 4 });
    expect(calls).toBe(1);
    await fx.clock.advance(3_000);
    // 0.7 of [a1,a2,a3] → a3; 0.1 of [a1,a2] → a1; 0.9 of [a2] → a2; new round 0.5 of [a1,a2,a3] → a2.
    expect((await stored(fx, chatId)).routing?.offeredAgentIds).toEqual(['a2']);
    expect(routingLog(fx.events).filter((line) => line.startsWith('invitation:new'))).toEqual(
      ['a3', 'a1', 'a2', 'a2'].map((agent) => `invitation:new(${chatId}) -> ${agent}`),
    );
    expect(calls).toBe(4);
  });

  for (const algorithm of ['least-busy', 'round-robin'] as const) {
    it(`${algorithm}: several chats dispatched in one command count the offers made earlier in it`, async () => {
      const fx = createEngineFixture();
      const a0 = await fx.agent('a0', ['support'], { capacity: 3 });
      await fx.agent('a1', ['support'], { capacity: 2, status: 'offline' });
      await fx.agent('a2', ['support'], { capacity: 2, status: 'offline' });
      const visitors = [await fx.visitor(), await fx.visitor(), await fx.visitor()];
      const chats: string[] = [];
      for (const v of visitors) chats.push(await fx.chat(v, 'support', { algorithm }));
      expect(offeredTo(fx, 'a0')).toEqual(chats);
      await fx.agent('a1', ['support'], { capacity: 2 });
      await fx.agent('a2', ['support'], { capacity: 2 });

      // a0 leaves: its three chats are re-dispatched in one unit. Without counting the offers made
      // in it, a1 (first by id, idle, never offered) would get all three.
      await fx.ok(a0, 'agents:status', { status: 'offline' });
      expect([offeredTo(fx, 'a1'), offeredTo(fx, 'a2')]).toEqual([
        [chats[0], chats[2]],
        [chats[1]],
      ]);
    });
  }

  it('a single command never pushes an agent past its capacity', async () => {
    const fx = createEngineFixture();
    const a0 = await fx.agent('a0', ['support'], { capacity: 3 });
    await fx.agent('a1', ['support'], { capacity: 1, status: 'offline' });
    const visitors = [await fx.visitor(), await fx.visitor(), await fx.visitor()];
    const chats: string[] = [];
    for (const v of visitors) chats.push(await fx.chat(v));
    await fx.agent('a1', ['support'], { capacity: 1 });
    await fx.ok(a0, 'agents:status', { status: 'away' });
    expect(offeredTo(fx, 'a1')).toEqual([chats[0]]);
    expect(await fx.store.transaction((tx) => tx.listQueue('support'))).toHaveLength(2);
  });

  it('the default algorithm is least-busy, and createChatEngine options change it', async () => {
    const fx = createEngineFixture();
    await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    expect((await stored(fx, chatId)).routing?.algorithm).toBe('least-busy');
    const rr = createEngineFixture({ defaultAlgorithm: 'random', defaultIntervalMs: 5_000, defaultMaxAttempts: 9 });
    await rr.agent('a1');
    const rv = await rr.visitor();
    const rc = await rr.chat(rv);
    expect((await stored(rr, rc)).routing).toMatchObject({ algorithm: 'random', intervalMs: 5_000, maxAttempts: 9 });
  });
});

describe('expiry frees the agent everywhere', () => {
  it('an expired offer frees the agent for a chat waiting in another of its rooms', async () => {
    const fx = createEngineFixture();
    await fx.agent('a1', ['support', 'sales'], { capacity: 1 });
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const c1 = await fx.chat(v1, 'support', { maxAttempts: 1, interval: 10 });
    const c2 = await fx.chat(v2, 'sales');
    expect(offeredTo(fx, 'a1')).toEqual([c1]);
    await fx.clock.advance(10_000);
    expect(fx.received(v1.id, 'forever:alone')).toEqual([{ chatId: c1 }]);
    expect(offeredTo(fx, 'a1')).toEqual([c1, c2]);
  });
});

describe('restart', () => {
  it('a second engine on the same store re-arms the pending offers with start(): they expire and routing continues', async () => {
    const fx = createEngineFixture();
    await fx.agent('a1');
    await fx.agent('a2');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { interval: 30, maxAttempts: 3 });
    expect(offeredTo(fx, 'a1')).toEqual([chatId]);
    fx.engine.stop(); // the old process dies
    expect(fx.clock.pending()).toBe(0);

    // The new process starts 45 s later: a1's offer (deadline 30 s) is overdue.
    const clock = createManualClock(T0 + 45_000);
    const errors: unknown[] = [];
    let next = 0;
    const engine = createChatEngine({
      store: fx.store,
      clock,
      timer: clock.timer,
      createId: () => `new-${++next}`,
      random: () => 0,
      onError: (error) => errors.push(error),
    });
    const events: OutgoingEvent[] = [];
    engine.subscribe((emitted) => events.push(...emitted));
    expect(clock.pending()).toBe(0);

    await engine.start();
    expect(clock.pending()).toBe(1);
    expect(events).toEqual([]);
    await clock.advance(0);
    expect(routingLog(events)).toEqual([`invitation:expired(${chatId}) -> a1`, `invitation:new(${chatId}) -> a2`]);
    expect(events.find((sent) => sent.event === 'invitation:new')?.payload).toMatchObject({ expiresAt: iso(75_000) });

    // The round and the attempts survived the restart: a2 expires → a1 (new round) → forever:alone.
    await clock.advance(30_000);
    await clock.advance(30_000);
    expect(routingLog(events).slice(2)).toEqual([
      `invitation:expired(${chatId}) -> a2`,
      `invitation:new(${chatId}) -> a1`,
      `invitation:expired(${chatId}) -> a1`,
      `forever:alone(${chatId}) -> ${v.id}`,
    ]);
    expect(errors).toEqual([]);
  });

  it('expireDueOffers is idempotent: a second call, or another engine’s timer, changes nothing', async () => {
    const fx = createEngineFixture();
    await fx.agent('a1');
    await fx.agent('a2');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { interval: 30 });

    // Not due yet: nothing happens.
    await fx.engine.expireDueOffers();
    expect(routingLog(fx.events)).toEqual([`invitation:new(${chatId}) -> a1`]);

    const clock = createManualClock(T0 + 31_000);
    const engine = createChatEngine({ store: fx.store, clock, timer: clock.timer, createId: () => 'unused', random: () => 0 });
    const events: OutgoingEvent[] = [];
    engine.subscribe((emitted) => events.push(...emitted));
    await Promise.all([engine.expireDueOffers(), engine.expireDueOffers()]);
    await engine.expireDueOffers();
    expect(routingLog(events)).toEqual([`invitation:expired(${chatId}) -> a1`, `invitation:new(${chatId}) -> a2`]);

    // The first engine's own timer for a1 fires at 30 s (its clock): the offer is gone, a2's is not due.
    const count = fx.events.length;
    await fx.clock.advance(30_000);
    expect(since(fx, count)).toEqual([]);
    expect((await stored(fx, chatId)).routing).toMatchObject({ attempts: 1, offeredAgentIds: ['a1', 'a2'] });
  });

  it('stop() cancels the timers: offers then only expire when someone calls expireDueOffers', async () => {
    const fx = createEngineFixture();
    await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', { interval: 30 });
    fx.engine.stop();
    await fx.clock.advance(60_000);
    expect(fx.received('a1', 'invitation:expired')).toEqual([]);
    await fx.engine.expireDueOffers();
    expect(fx.received('a1', 'invitation:expired')).toEqual([{ chatId }]);
  });
});

describe('engine purity', () => {
  const srcDir = fileURLToPath(new URL('.', import.meta.url));

  function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(path);
      return entry.name.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(entry.name) ? [path] : [];
    });
  }

  /** Code without comments and string contents, so prose and messages do not count as use. */
  function codeOf(text: string): string {
    return text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:])\/\/.*$/gm, '$1')
      .replace(/`(?:\\.|[^`\\])*`/g, '``')
      .replace(/'(?:\\.|[^'\\\n])*'/g, "''");
  }

  /** Module specifiers of static imports/re-exports, side-effect imports, dynamic imports and require calls. */
  function importsOf(text: string): string[] {
    const patterns = [
      /(?:^|[;\s])(?:import|export)\s[^'"`;]*?\bfrom\s*(['"])([^'"]+)\1/gm,
      /(?:^|[;\s])import\s*(['"])([^'"]+)\1/gm,
      /\bimport\s*\(\s*(['"])([^'"]+)\1\s*\)/g,
      /\brequire\s*\(\s*(['"])([^'"]+)\1/g,
    ];
    return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[2]!));
  }

  const files = sourceFiles(srcDir);

  it('finds the engine sources', () => {
    const names = files.map((file) => relative(srcDir, file).replaceAll('\\', '/'));
    expect(names).toEqual(expect.arrayContaining(['engine.ts', 'routing.ts', 'assignment.ts', 'commands/agents.ts', 'manualClock.ts']));
    expect(names.some((name) => name.includes('.test.'))).toBe(false);
  });

  const forbiddenModule = /^(node:.*|fs|fs\/.*|path|react|react\/.*|react-dom.*|@parley\/(server|core|react|ui|widget|console)(\/.*)?)$/;

  it.each(files.map((file) => [relative(srcDir, file).replaceAll('\\', '/'), file]))('%s imports nothing platform-bound and uses no host globals', (name, file) => {
    const text = readFileSync(file, 'utf8');
    const specifiers = importsOf(text);
    expect(specifiers.filter((specifier) => forbiddenModule.test(specifier))).toEqual([]);
    // Every import is relative or @parley/protocol; the test helpers of `@parley/engine/testing` may use vitest.
    const allowed = new Set(name.startsWith('testing/') ? ['@parley/protocol', 'vitest'] : ['@parley/protocol']);
    expect(specifiers.filter((specifier) => !specifier.startsWith('.') && !allowed.has(specifier))).toEqual([]);
    const code = codeOf(text);
    expect(code.match(/\b(window|document|process)\b|\brequire\s*\(/g) ?? []).toEqual([]);
  });

  it('the checks catch what they are meant to catch', () => {
    expect(importsOf("import { readFileSync } from 'node:fs';")).toEqual(['node:fs']);
    expect(importsOf("import type {\n  A,\n  B,\n} from 'react';")).toEqual(['react']);
    expect(importsOf("export { x } from '@parley/ui';")).toEqual(['@parley/ui']);
    expect(importsOf("const m = await import('path');")).toEqual(['path']);
    expect(importsOf("import '@parley/server';")).toEqual(['@parley/server']);
    expect(importsOf("const fs = require('fs');")).toEqual(['fs']);
    // Event names that end in "import" are not imports.
    expect(importsOf("type E = 'history:import' | 'users:activity';\nconst h = { async 'history:import'(u) {} };")).toEqual([]);
    for (const bad of ['node:fs', 'fs', 'path', 'react', '@parley/server', '@parley/core', '@parley/react', '@parley/ui', '@parley/widget', '@parley/console']) {
      expect(forbiddenModule.test(bad)).toBe(true);
    }
    expect(forbiddenModule.test('@parley/protocol')).toBe(false);
    expect(codeOf('const x = window.location; // process')).toMatch(/\bwindow\b/);
    expect(codeOf('// window and process in prose\nconst y = 1;')).not.toMatch(/\b(window|process)\b/);
    expect(codeOf('const z = process.env.X;')).toMatch(/\bprocess\b/);
  });
});

describe('queue order within one millisecond', () => {
  it('keeps creation order when chats are queued at the same instant, whatever their (random) ids', async () => {
    // Ids that sort opposite to creation order, as random UUIDs may: the queue must not follow them.
    let next = 1000;
    const fx = createEngineFixture({ createId: () => `id-${String(next--).padStart(4, '0')}` });
    await fx.agent('a1', ['support'], { status: 'away' });
    const visitors = [await fx.visitor(), await fx.visitor(), await fx.visitor()];
    const chats: string[] = [];
    for (const visitor of visitors) chats.push(await fx.chat(visitor)); // the manual clock never moves
    expect(visitors.map((visitor) => fx.received(visitor.id, 'queues:update').at(-1)?.queuePosition)).toEqual([1, 2, 3]);
    expect((await fx.store.transaction((tx) => tx.listQueue('support'))).map((chat) => chat.id)).toEqual(chats);
  });
});
