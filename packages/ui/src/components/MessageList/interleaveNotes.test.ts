import { describe, expect, it } from 'vitest';
import { makeMessages, makeNote, makePending } from '../../test/fixtures';
import { interleaveNotes, isNote, rowKey } from './interleaveNotes';

const ids = (rows: ReturnType<typeof interleaveNotes>) => rows.map((row) => (isNote(row) ? `note:${row.id}` : `m:${row.seq ?? row.clientId}`));

describe('interleaveNotes', () => {
  it('hands back the same messages array when there are no notes (a visitor’s list pays nothing)', () => {
    const messages = makeMessages(3);
    expect(interleaveNotes(messages, undefined)).toBe(messages);
    expect(interleaveNotes(messages, [])).toBe(messages);
  });

  it('puts each note right after the message whose seq is its afterSeq, same-afterSeq notes in the order given', () => {
    const messages = makeMessages(4);
    const notes = [makeNote('a', 0), makeNote('b', 2), makeNote('c', 2), makeNote('d', 4)];
    expect(ids(interleaveNotes(messages, notes))).toEqual(['note:a', 'm:1', 'm:2', 'note:b', 'note:c', 'm:3', 'm:4', 'note:d']);
  });

  it('orders notes by afterSeq even when handed out of order, keeping the given order within one afterSeq', () => {
    const notes = [makeNote('late', 3), makeNote('first', 1), makeNote('second', 1)];
    expect(ids(interleaveNotes(makeMessages(3), notes))).toEqual(['m:1', 'note:first', 'note:second', 'm:2', 'm:3', 'note:late']);
  });

  it('keeps notes before messages the server has not stored yet (they have no seq and are newer)', () => {
    const messages = [...makeMessages(2), makePending('on its way')];
    const rows = interleaveNotes(messages, [makeNote('n', 2)]);
    expect(ids(rows)).toEqual(['m:1', 'm:2', 'note:n', `m:${messages[2]!.clientId}`]);
  });

  it('holds back notes that belong among older messages not loaded yet, shows the one that follows the page’s top', () => {
    const page = makeMessages(3, { fromSeq: 11 });
    const notes = [makeNote('old', 4), makeNote('edge', 10), makeNote('in', 11)];
    expect(ids(interleaveNotes(page, notes, true))).toEqual(['note:edge', 'm:11', 'note:in', 'm:12', 'm:13']);
    // Once nothing older is left on the server, every note shows.
    expect(ids(interleaveNotes(page, notes, false))).toEqual(['note:old', 'note:edge', 'm:11', 'note:in', 'm:12', 'm:13']);
  });

  it('keys notes apart from messages, even one that shares a message’s id', () => {
    const [message] = makeMessages(1);
    const note = { ...makeNote('m1', 1), id: message!.id, clientId: message!.id };
    expect(rowKey(note)).not.toBe(rowKey(message!));
  });
});
