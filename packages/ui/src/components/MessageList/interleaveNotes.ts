import type { Note } from '@parley/protocol';
import type { ChatMessage } from '@parley/core';
import { messageKey } from './messageKey';

/** One row of a conversation as agents see it: a message, or an internal note among the messages. */
export type ConversationRow = ChatMessage | Note;

/** Notes carry `afterSeq` and messages never do. */
export function isNote(row: ConversationRow): row is Note {
  return 'afterSeq' in row;
}

/** A row's identity in the list: a message's `messageKey`, a note's id in a namespace of its own. */
export function rowKey(row: ConversationRow): string {
  return isNote(row) ? `note:${row.id}` : messageKey(row);
}

/**
 * Messages with the chat's notes placed among them: a note right after the message whose `seq` is
 * its `afterSeq`, notes of the same `afterSeq` in the order given (the store keeps them by time).
 * Messages not stored yet have no `seq` and are the newest, so notes go before them. While older
 * messages are still on the server (`hasMore`), a note that belongs among them waits for them rather
 * than standing at the top of the loaded page, where it would seem to follow the wrong message.
 *
 * Without notes the messages come back as they are (same array), so a visitor's list pays nothing.
 */
export function interleaveNotes(
  messages: readonly ChatMessage[],
  notes: readonly Note[] | undefined,
  hasMore = false,
): readonly ConversationRow[] {
  if (!notes || notes.length === 0) return messages;
  const sorted = isSortedByAfterSeq(notes) ? notes : [...notes].sort((a, b) => a.afterSeq - b.afterSeq);
  const firstSeq = messages[0]?.seq;
  // A note after message n sits between n and n + 1: shown once n + 1 is loaded, the first row at the latest.
  const hidden = hasMore && firstSeq !== undefined ? firstSeq - 1 : 0;
  const rows: ConversationRow[] = [];
  let next = 0;
  while (next < sorted.length && sorted[next]!.afterSeq < hidden) next++;
  for (const message of messages) {
    const seq = message.seq ?? Number.POSITIVE_INFINITY;
    while (next < sorted.length && sorted[next]!.afterSeq < seq) rows.push(sorted[next++]!);
    rows.push(message);
  }
  while (next < sorted.length) rows.push(sorted[next++]!);
  return rows;
}

function isSortedByAfterSeq(notes: readonly Note[]): boolean {
  for (let i = 1; i < notes.length; i++) if (notes[i - 1]!.afterSeq > notes[i]!.afterSeq) return false;
  return true;
}
