import { describe, expect, it } from 'vitest';
import type { HandshakeClaims, HandshakeUser } from './knownUsers';
import { createKnownUsers } from './knownUsers';

/** A loader that counts its calls (each would be a database transaction). */
function countingEngine(stored: Record<string, HandshakeUser> = {}) {
  const calls: string[] = [];
  return {
    calls,
    stored,
    engine: async (claims: HandshakeClaims): Promise<HandshakeUser> => {
      calls.push(claims.id);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (claims.id === 'broken') throw new Error('database away');
      stored[claims.id] ??= { ...claims, disabled: false };
      return stored[claims.id]!;
    },
  };
}

describe('known users (the handshake cache)', () => {
  it('asks the engine once per user: a reconnect of a known user costs no transaction', async () => {
    const { engine, calls } = countingEngine();
    const users = createKnownUsers({ load: engine });
    expect(await users.ensure({ id: 'v1', role: 'user', name: 'Vera' })).toStrictEqual({ id: 'v1', role: 'user', name: 'Vera', disabled: false });
    expect(await users.ensure({ id: 'v1', role: 'user', name: 'Vera' })).toStrictEqual({ id: 'v1', role: 'user', name: 'Vera', disabled: false });
    expect(calls).toEqual(['v1']);
  });

  it('answers a storm of one user’s handshakes with one lookup', async () => {
    const { engine, calls } = countingEngine();
    const users = createKnownUsers({ load: engine });
    const answers = await Promise.all(Array.from({ length: 20 }, () => users.ensure({ id: 'a1', role: 'agent', name: 'Ada' })));
    expect(new Set(answers.map((answer) => answer.id))).toEqual(new Set(['a1']));
    expect(calls).toEqual(['a1']);
  });

  it('returns the stored user, not the claims: a token naming the wrong role is caught by the caller', async () => {
    const { engine } = countingEngine({ x: { id: 'x', role: 'agent', name: 'Stored', disabled: false } });
    const users = createKnownUsers({ load: engine });
    expect(await users.ensure({ id: 'x', role: 'user', name: 'Claimed' })).toStrictEqual({ id: 'x', role: 'agent', name: 'Stored', disabled: false });
    expect(await users.ensure({ id: 'x', role: 'user', name: 'Claimed' })).toMatchObject({ role: 'agent' });
  });

  it('reads a forgotten (changed) user again', async () => {
    const { engine, calls, stored } = countingEngine();
    const users = createKnownUsers({ load: engine });
    await users.ensure({ id: 'v1', role: 'user', name: 'Vera' });
    stored.v1 = { id: 'v1', role: 'user', name: 'Vera Verified', disabled: false };
    users.forget('v1');
    expect(await users.ensure({ id: 'v1', role: 'user', name: 'Vera' })).toMatchObject({ name: 'Vera Verified' });
    expect(calls).toEqual(['v1', 'v1']);
  });

  it('does not keep an answer that was under way when the user was forgotten', async () => {
    const { engine, calls } = countingEngine();
    const users = createKnownUsers({ load: engine });
    const first = users.ensure({ id: 'v1', role: 'user', name: 'Vera' });
    users.forget('v1');
    await first;
    await users.ensure({ id: 'v1', role: 'user', name: 'Vera' });
    expect(calls).toEqual(['v1', 'v1']);
  });

  it('holds at most `max` users, dropping the least recently used', async () => {
    const { engine, calls } = countingEngine();
    const users = createKnownUsers({ load: engine, max: 2 });
    for (const id of ['a', 'b', 'a', 'c']) await users.ensure({ id, role: 'user', name: id });
    calls.length = 0;
    await users.ensure({ id: 'a', role: 'user', name: 'a' });
    await users.ensure({ id: 'c', role: 'user', name: 'c' });
    expect(calls).toEqual([]);
    await users.ensure({ id: 'b', role: 'user', name: 'b' });
    expect(calls).toEqual(['b']);
  });

  it('keeps no failure: the next handshake asks again', async () => {
    const { engine, calls } = countingEngine();
    const users = createKnownUsers({ load: engine });
    await expect(users.ensure({ id: 'broken', role: 'user', name: 'B' })).rejects.toThrow('database away');
    await expect(users.ensure({ id: 'broken', role: 'user', name: 'B' })).rejects.toThrow('database away');
    expect(calls).toEqual(['broken', 'broken']);
  });

  it('answers a known agent from memory, deactivated or not, until the account change is forgotten', async () => {
    const { engine, calls, stored } = countingEngine({ ada: { id: 'ada', role: 'agent', name: 'Ada', disabled: false } });
    const users = createKnownUsers({ load: engine });
    expect(await users.ensure({ id: 'ada', role: 'agent', name: 'Ada' })).toMatchObject({ disabled: false });
    expect(await users.ensure({ id: 'ada', role: 'agent', name: 'Ada' })).toMatchObject({ disabled: false });
    expect(calls).toEqual(['ada']);
    stored.ada = { id: 'ada', role: 'agent', name: 'Ada', disabled: true };
    users.forget('ada');
    expect(await users.ensure({ id: 'ada', role: 'agent', name: 'Ada' })).toMatchObject({ disabled: true });
    expect(await users.ensure({ id: 'ada', role: 'agent', name: 'Ada' })).toMatchObject({ disabled: true });
    expect(calls).toEqual(['ada', 'ada']);
  });

  it('trusts an agent’s entry for `agentTtlMs` only (nodes without Redis hear of no change)', async () => {
    let clock = 1_000;
    const { engine, calls } = countingEngine();
    const users = createKnownUsers({ load: engine, ttlMs: 60_000, agentTtlMs: 10_000, now: () => clock });
    await Promise.all([users.ensure({ id: 'ada', role: 'agent', name: 'Ada' }), users.ensure({ id: 'vera', role: 'user', name: 'Vera' })]);
    clock += 10_001;
    calls.length = 0;
    await Promise.all([users.ensure({ id: 'ada', role: 'agent', name: 'Ada' }), users.ensure({ id: 'vera', role: 'user', name: 'Vera' })]);
    expect(calls).toEqual(['ada']);
  });
});
