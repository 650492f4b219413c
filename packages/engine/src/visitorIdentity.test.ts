import { describe, expect, it } from 'vitest';
import { limits } from '@parley/protocol';
import { createChatEngine } from './engine';
import { createMemoryStore } from './memoryStore';

/** What a host-minted identity token proved (the server checks the token) and page-given attributes. */
describe('ChatEngine visitors: verified identity and attributes', () => {
  const engine = () => createChatEngine({ store: createMemoryStore() });

  it('signs a visitor up verified: the proven name and email win over what the page said', async () => {
    const user = await engine().registerVisitor({ name: 'Page says Mallory', contact: 'page@example.com' }, { id: 'host-42', name: 'Vera Verified', email: 'vera@example.com' });
    expect(user).toMatchObject({ role: 'user', name: 'Vera Verified', contact: 'vera@example.com', verified: { id: 'host-42', name: 'Vera Verified', email: 'vera@example.com' } });
  });

  it('verifies a visitor later, merges attributes, keeps them across reads, and refuses another identity', async () => {
    const chat = engine();
    const visitor = await chat.registerVisitor({ name: 'Anon', extraInfo: { plan: 'free' } });
    expect(visitor.verified).toBeUndefined();
    await chat.updateVisitor(visitor.id, { verified: { id: 'host-7', name: 'Rita' } });
    await chat.updateVisitor(visitor.id, { extraInfo: { plan: 'pro', cart: 3 } });
    // The same identity again (every page view sends it) is fine.
    await chat.updateVisitor(visitor.id, { verified: { id: 'host-7', name: 'Rita' } });
    expect(await chat.getUser(visitor.id)).toEqual({ id: visitor.id, role: 'user', name: 'Rita', extraInfo: { plan: 'pro', cart: 3 }, verified: { id: 'host-7', name: 'Rita' } });
    await expect(chat.updateVisitor(visitor.id, { verified: { id: 'host-8' } })).rejects.toMatchObject({ code: 'conflict' });
    expect((await chat.getUser(visitor.id))?.verified).toEqual({ id: 'host-7', name: 'Rita' });
  });

  it('refuses attributes beyond the key limit, agents, and unknown users', async () => {
    const chat = engine();
    const visitor = await chat.registerVisitor({});
    const many = Object.fromEntries(Array.from({ length: limits.extraInfoKeys + 1 }, (_, index) => [`k${index}`, index]));
    await expect(chat.updateVisitor(visitor.id, { extraInfo: many })).rejects.toMatchObject({ code: 'invalid_payload' });
    await chat.registerAgent({ id: 'a1', name: 'Ann', rooms: ['support'] });
    await expect(chat.updateVisitor('a1', { verified: { id: 'host-1' } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(chat.updateVisitor('ghost', { extraInfo: { a: 1 } })).rejects.toMatchObject({ code: 'not_found' });
  });
});
