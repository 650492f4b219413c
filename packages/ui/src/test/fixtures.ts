import type { UiMessage } from '../types';

const start = Date.UTC(2026, 0, 5, 9, 0, 0);

/** `count` messages alternating between the visitor `me` and the agent `agent`, seq from `fromSeq`. */
export function makeMessages(count: number, { fromSeq = 1, me = 'me', agent = 'agent' } = {}): UiMessage[] {
  return Array.from({ length: count }, (_, i) => makeMessage(fromSeq + i, i % 3 === 0 ? me : agent));
}

export function makeMessage(seq: number, sender: string, text = `Message number ${seq}`): UiMessage {
  return {
    id: `m${seq}`,
    chatId: 'chat-1',
    seq,
    sender,
    type: 'text',
    message: text,
    createdAt: new Date(start + seq * 60_000).toISOString(),
  };
}
