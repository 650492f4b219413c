import { describe, expect, it } from 'vitest';
import { createDrafts } from './drafts';
import { createMemoryStorage } from './storage';
import type { StorageAdapter } from './storage';

describe('drafts', () => {
  it('keep each chat its own text, and a new page over the same storage finds it', () => {
    const storage = createMemoryStorage();
    const drafts = createDrafts({ storage, storageKey: 'parley:draft:ada' });
    drafts.set('chat-1', 'Hello, I will check');
    drafts.set('chat-2', 'One moment');
    const reloaded = createDrafts({ storage, storageKey: 'parley:draft:ada' });
    expect(reloaded.get('chat-1')).toBe('Hello, I will check');
    expect(reloaded.get('chat-2')).toBe('One moment');
    expect(reloaded.get('chat-3')).toBe('');
  });

  it('leave nothing in storage once the text is gone (sent or cleared)', () => {
    const storage = createMemoryStorage();
    const drafts = createDrafts({ storage, storageKey: 'parley:draft:ada' });
    drafts.set('chat-1', 'Hello');
    drafts.set('chat-1', '  ');
    expect(storage.getItem('parley:draft:ada:chat-1')).toBeNull();
    expect(drafts.get('chat-1')).toBe('  ');
    expect(createDrafts({ storage, storageKey: 'parley:draft:ada' }).get('chat-1')).toBe('');
  });

  it("are one user's: another user's key never reads them", () => {
    const storage = createMemoryStorage();
    createDrafts({ storage, storageKey: 'parley:draft:ada' }).set('chat-1', 'private');
    expect(createDrafts({ storage, storageKey: 'parley:draft:bob' }).get('chat-1')).toBe('');
  });

  it('keep the text for the page when storage refuses it, and never throw while someone types', () => {
    const refusing: StorageAdapter = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const drafts = createDrafts({ storage: refusing, storageKey: 'parley:draft:ada' });
    expect(drafts.get('chat-1')).toBe('');
    expect(() => drafts.set('chat-1', 'Hello')).not.toThrow();
    expect(drafts.get('chat-1')).toBe('Hello');
    expect(() => drafts.set('chat-1', '')).not.toThrow();
  });

  it('live as long as the client without storage', () => {
    const drafts = createDrafts({ storage: undefined, storageKey: 'parley:draft:ada' });
    drafts.set('chat-1', 'Hello');
    expect(drafts.get('chat-1')).toBe('Hello');
  });
});
