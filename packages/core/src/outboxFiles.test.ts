import { ParleyError } from '@parley/protocol';
import type { FileAttachment, Message } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { createOutbox } from './outbox';
import type { OutboxEntry, OutboxEvent, OutboxOptions } from './outbox';
import { createMemoryStorage } from './storage';

function stored(entry: OutboxEntry, seq: number): Message {
  const meta = { id: `id-${entry.clientId}`, chatId: entry.chatId, seq, sender: entry.sender, clientId: entry.clientId, createdAt: entry.createdAt };
  return { ...meta, ...entry.content } as Message;
}

const draft = { type: 'file' as const, message: '', file: { id: '', name: 'shot.png', mimeType: 'image/png', size: 4 } };
const bytes = () => new Blob([new Uint8Array([1, 2, 3, 4])], { type: 'image/png' });
const record: FileAttachment = { id: 'f-1', name: 'shot.png', mimeType: 'image/png', size: 4 };

function bench(upload: NonNullable<OutboxOptions['upload']>, connected = () => true) {
  const sent: OutboxEntry[] = [];
  const events: OutboxEvent[] = [];
  const storage = createMemoryStorage();
  const outbox = createOutbox({
    storageKey: 'k',
    storage,
    retryDelayMs: 1,
    isConnected: connected,
    upload,
    async send(entry) {
      sent.push(structuredClone({ ...entry, attachment: undefined }));
      return stored(entry, sent.length);
    },
  });
  outbox.subscribe((event) => events.push(event));
  return { outbox, sent, events, storage };
}

describe('createOutbox: files', () => {
  it('uploads first, reports progress, then sends the message naming the upload, before the text written after it', async () => {
    const { outbox, sent, events } = bench(async (entry, onProgress) => {
      onProgress(2, 4);
      await new Promise((resolve) => setTimeout(resolve, 5));
      onProgress(4, 4);
      expect(entry.attachment.size).toBe(4);
      return record;
    });
    const file = outbox.enqueue('chat', draft, 'me', bytes());
    const after = outbox.enqueue('chat', { type: 'text', message: 'and this' }, 'me');
    const [fileMessage, textMessage] = await Promise.all([file.delivered, after.delivered]);
    expect(sent.map((entry) => entry.content.type)).toEqual(['file', 'text']);
    expect(sent[0]!.content).toEqual({ type: 'file', message: '', file: record });
    expect([fileMessage.seq, textMessage.seq]).toEqual([1, 2]);
    expect(events.filter((event) => event.type === 'progress').map((event) => event.type === 'progress' && event.loaded)).toEqual([2, 4]);
  });

  it('never writes an entry holding bytes to storage; after the upload it is an ordinary entry', async () => {
    let finish: (file: FileAttachment) => void = () => undefined;
    const { outbox, storage } = bench(() => new Promise((resolve) => (finish = resolve)), () => false);
    outbox.enqueue('chat', draft, 'me', bytes());
    expect(storage.getItem('k')).toBeNull();
    expect(outbox.entries()).toHaveLength(1);
    finish(record);
  });

  it('fails on a refusal (the file is too large) and uploads again on retry, under the same clientId', async () => {
    let uploads = 0;
    const { outbox, sent, events } = bench(async () => {
      uploads += 1;
      if (uploads === 1) throw ParleyError.limitRefusal('payload_too_large', 'file_bytes', 'too large');
      return record;
    });
    const { entry, delivered } = outbox.enqueue('chat', draft, 'me', bytes());
    await expect(delivered).rejects.toMatchObject({ code: 'payload_too_large' });
    const failed = events.find((event) => event.type === 'failed');
    expect(failed?.entry.attachment).toBeInstanceOf(Blob);
    const message = await outbox.retry({ ...failed!.entry });
    expect(uploads).toBe(2);
    expect(message.clientId).toBe(entry.clientId);
    expect(sent).toHaveLength(1);
  });

  it('keeps an upload that lost its link queued, and sends it once the link is back', async () => {
    let online = false;
    const { outbox, sent } = bench(
      async () => {
        if (!online) throw new ParleyError('disconnected', 'offline');
        return record;
      },
      () => online,
    );
    const { delivered } = outbox.enqueue('chat', draft, 'me', bytes());
    outbox.flush();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent).toHaveLength(0);
    online = true;
    outbox.flush();
    expect((await delivered).type).toBe('file');
    expect(sent).toHaveLength(1);
  });
});
