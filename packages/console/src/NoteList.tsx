import type { Note } from '@parley/protocol';

export interface NoteListProps {
  /** The chat's internal notes, oldest first. */
  notes: readonly Note[];
  /** An agent's name by id (the note's writer). */
  nameOf(userId: string): string;
  /** How a note's time reads (default: the browser's short time). */
  formatTime?: (iso: string) => string;
}

const defaultFormat = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { timeStyle: 'short' });

/** The chat's internal notes, for its agents: never sent to the visitor, marked so nobody mistakes them. */
export function NoteList({ notes, nameOf, formatTime = defaultFormat }: NoteListProps) {
  if (notes.length === 0) return null;
  return (
    <section className="console-notes" aria-label="Internal notes">
      <h3>Internal notes</h3>
      <ol>
        {notes.map((note) => (
          <li key={note.id} className="console-note" data-after-seq={note.afterSeq}>
            <span className="console-note-meta">
              {nameOf(note.sender)} · <time dateTime={note.createdAt}>{formatTime(note.createdAt)}</time>
            </span>
            <p>{note.message}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
