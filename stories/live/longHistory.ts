import type { Chat } from '@parley/core';
import { limits } from '@parley/protocol';
import type { HistoryEntry } from '@parley/protocol';
import { historyText, visitorWrote } from '../fixtures';

export interface HistorySpeakers {
  visitor: string;
  agent: string;
}

/** `count` entries of an earlier conversation, oldest first, 30 s apart and ending a minute before `now`. */
export function longHistory(count: number, speakers: HistorySpeakers, now = Date.now()): HistoryEntry[] {
  const last = Math.floor(now / 1000) - 60;
  return Array.from({ length: count }, (_, index) => {
    const seq = index + 1;
    return {
      created: last - (count - seq) * 30,
      type: 'text',
      message: historyText(seq),
      sender: visitorWrote(seq) ? speakers.visitor : speakers.agent,
    };
  });
}

/** `history:import` takes at most `limits.historyEntries` entries a call: sends them in batches, in order. */
export async function importInBatches(chat: Chat, entries: readonly HistoryEntry[]): Promise<number> {
  let imported = 0;
  for (let start = 0; start < entries.length; start += limits.historyEntries) {
    imported += await chat.importHistory(entries.slice(start, start + limits.historyEntries));
  }
  return imported;
}
