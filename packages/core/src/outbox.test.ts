import { ParleyError } from '@parley/protocol';
import type { Message } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { createOutbox } from './outbox';
import type { OutboxEntry, OutboxEvent } from './outbox';
import { createMemoryStorage } from './storage';

function stored(entry: OutboxEntry, seq: number): Message {
  return { id: `id-${entry.clientId}`, chatId: entry.chatId, seq, sender: entry.sender, type: 'text', message: entry.content.message, clientId: entry.clientId, createdAt: entry.createdAt };
}

const text = (message: string) => ({ type: 'text' as const, message });

describe('createOutbox', () => {
  it('sends each chat’s messages one at a time, in the order written', async () => {
    const order: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const outbox = createOutbox({
      storageKey: 'k',
      isConnected: () => true,
      async send(entry) {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight -= 1;
        order.push(entry.content.message);
        return stored(entry, order.length);
      },
    });
    const sent = await Promise.all(['a', 'b', 'c'].map((written) => outbox.enqueue('chat', text(written), 'me').delivered));
    expect(order).toEqual(['a', 'b', 'c']);
    expect(maxInFlight).toBe(1);
    expect(sent.map((message) => message.seq)).toEqual([1, 2, 3]);
    expect(outbox.entries()).toEqual([]);
  });

  it('waits while disconnected and resends the same clientId on flush', async () => {
    let connected = false;
    const attempts: string[] = [];
    const outbox = createOutbox({
      storageKey: 'k',
      isConnected: () => connected,
      async send(entry) {
        attempts.push(entry.clientId);
        if (attempts.length === 1) throw new ParleyError('disconnected', 'lost the ack');
        return stored(entry, 1);
      },
    });
    const { entry, delivered } = outbox.enqueue('chat', text('hello'), 'me');
    expect(attempts).toEqual([]);
    connected = true;
    outbox.flush();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(outbox.entries()).toHaveLength(1);
    outbox.flush();
    await expect(delivered).resolves.toMatchObject({ clientId: entry.clientId, seq: 1 });
    expect(attempts).toEqual([entry.clientId, entry.clientId]);
  });

  it('keeps resending while the server is unavailable (its database or Redis away), then delivers once', async () => {
    const attempts: string[] = [];
    const outbox = createOutbox({
      storageKey: 'k',
      isConnected: () => true,
      retryDelayMs: 1,
      async send(entry) {
        attempts.push(entry.clientId);
        if (attempts.length < 3) throw new ParleyError('unavailable', 'the database is unavailable');
        return stored(entry, 1);
      },
    });
    const { entry, delivered } = outbox.enqueue('chat', text('during the outage'), 'me');
    await expect(delivered).resolves.toMatchObject({ clientId: entry.clientId, seq: 1 });
    expect(attempts).toEqual([entry.clientId, entry.clientId, entry.clientId]);
  });

  it('fails a message the server refuses for good, and retries it on demand', async () => {
    let refuse = true;
    const events: OutboxEvent['type'][] = [];
    const outbox = createOutbox({
      storageKey: 'k',
      isConnected: () => true,
      async send(entry) {
        if (refuse) throw new ParleyError('closed', 'chat closed');
        return stored(entry, 1);
      },
    });
    outbox.subscribe((event) => events.push(event.type));
    const { entry, delivered } = outbox.enqueue('chat', text('late'), 'me');
    await expect(delivered).rejects.toMatchObject({ code: 'closed' });
    expect(outbox.entries()).toEqual([]);
    refuse = false;
    await expect(outbox.retry(entry)).resolves.toMatchObject({ clientId: entry.clientId });
    expect(events).toEqual(['queued', 'failed', 'queued', 'sent']);
  });

  it('keeps unsent messages in storage across a reload', async () => {
    const storage = createMemoryStorage();
    const before = createOutbox({ storageKey: 'parley:outbox:me', storage, isConnected: () => false, send: () => Promise.reject(new Error('offline')) });
    before.enqueue('chat', text('written before the reload'), 'me');
    expect(JSON.parse(storage.getItem('parley:outbox:me') ?? '[]')).toHaveLength(1);

    const sent: string[] = [];
    const after = createOutbox({
      storageKey: 'parley:outbox:me',
      storage,
      isConnected: () => true,
      async send(entry) {
        sent.push(entry.content.message);
        return stored(entry, 1);
      },
    });
    expect(after.entries().map((entry) => entry.content.message)).toEqual(['written before the reload']);
    after.flush();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sent).toEqual(['written before the reload']);
    expect(storage.getItem('parley:outbox:me')).toBeNull();
  });

  it('rejects the deliveries still awaited when it is abandoned, and keeps their entries saved for the next client', async () => {
    const storage = createMemoryStorage();
    const outbox = createOutbox({ storageKey: 'parley:outbox:me', storage, isConnected: () => false, send: () => Promise.reject(new Error('offline')) });
    const { delivered } = outbox.enqueue('chat', text('written before the client went away'), 'me');
    outbox.abandon(new ParleyError('disconnected', 'the client was destroyed'));
    await expect(delivered).rejects.toMatchObject({ code: 'disconnected' });
    expect(JSON.parse(storage.getItem('parley:outbox:me') ?? '[]')).toHaveLength(1);
  });

  it('ignores a corrupt stored outbox', () => {
    const storage = createMemoryStorage();
    storage.setItem('k', '{not json');
    expect(createOutbox({ storageKey: 'k', storage, isConnected: () => false, send: () => Promise.reject(new Error('x')) }).entries()).toEqual([]);
  });
});
