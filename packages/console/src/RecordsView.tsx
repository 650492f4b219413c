import type { ChatRecordSummary, ChatTranscript, RatingSummary } from '@parley/protocol';
import { formatBytes, formatDateTime, formatTime, interleaveNotes, isNote } from '@parley/ui';
import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { ChatOriginBadge } from './ChatOriginBadge';
import { describeError } from './describeError';
import type { RecordsApi } from './records';

export interface RecordsViewProps {
  /** Where the records come from (`GET /v1/chats`, transcripts, the rating summary). */
  records: RecordsApi;
  /** The rooms the agent serves, offered as a filter. */
  rooms: readonly string[];
  /** Back to the desk. */
  onClose(): void;
}

/**
 * Closed chats of the agent's rooms: full-text search with filters (room, agent, dates, rating), a
 * transcript with its internal notes and rating, and the ratings summarised per agent and room.
 */
export function RecordsView({ records, rooms, onClose }: RecordsViewProps) {
  const headingId = useId();
  const [words, setWords] = useState('');
  const [room, setRoom] = useState('');
  const [agent, setAgent] = useState('');
  const [rating, setRating] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [results, setResults] = useState<readonly ChatRecordSummary[] | undefined>(undefined);
  const [transcript, setTranscript] = useState<ChatTranscript | undefined>(undefined);
  const [summary, setSummary] = useState<RatingSummary | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const search = async (event?: FormEvent) => {
    event?.preventDefault();
    setError(undefined);
    try {
      setResults(
        await records.search({
          ...(words.trim() ? { q: words.trim() } : {}),
          ...(room ? { room } : {}),
          ...(agent.trim() ? { agent: agent.trim() } : {}),
          ...(rating ? { rating: Number(rating) } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
        }),
      );
    } catch (cause) {
      setError(describeError(cause));
    }
  };

  useEffect(() => {
    let current = true;
    records.search({}).then(
      (found) => current && setResults(found),
      (cause: unknown) => current && setError(describeError(cause)),
    );
    records.summary().then(
      (found) => current && setSummary(found),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [records]);

  const open = async (chatId: string) => {
    setError(undefined);
    try {
      setTranscript(await records.transcript(chatId));
    } catch (cause) {
      setError(describeError(cause));
    }
  };

  const nameOf = (userId: string) => transcript?.users.find((user) => user.id === userId)?.name ?? userId;

  return (
    <section className="console-records" aria-labelledby={headingId}>
      <header className="console-records-header">
        <h2 id={headingId}>Records</h2>
        <button type="button" className="console-header-button" onClick={onClose}>
          Back to desk
        </button>
      </header>
      <form className="console-records-search" role="search" aria-label="Search closed chats" onSubmit={(event) => void search(event)}>
        <label>
          Words <input type="search" value={words} onChange={(event) => setWords(event.target.value)} />
        </label>
        <label>
          Room{' '}
          <select value={room} onChange={(event) => setRoom(event.target.value)}>
            <option value="">All rooms</option>
            {rooms.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Agent id <input value={agent} onChange={(event) => setAgent(event.target.value)} />
        </label>
        <label>
          Rating{' '}
          <select value={rating} onChange={(event) => setRating(event.target.value)}>
            <option value="">Any</option>
            {[5, 4, 3, 2, 1].map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <label>
          From <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label>
          To <input type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        </label>
        <button type="submit" className="console-header-button">
          Search
        </button>
      </form>
      {error && (
        <p className="console-error" role="alert">
          {error}
        </p>
      )}
      {results === undefined ? (
        <p className="console-muted" aria-busy="true">
          Loading…
        </p>
      ) : results.length === 0 ? (
        <p className="console-muted">No closed chats found.</p>
      ) : (
        <ul className="console-list" aria-label="Closed chats found">
          {results.map((entry) => (
            <li key={entry.chat.id}>
              <button type="button" className="console-chat" aria-current={transcript?.chat.id === entry.chat.id ? 'true' : undefined} onClick={() => void open(entry.chat.id)}>
                <span className="console-chat-name">{entry.visitor.name}</span>
                <span className="console-muted">
                  {entry.chat.room}
                  {entry.agentName && ` · ${entry.agentName}`}
                  {entry.chat.closedAt && ` · ${formatDateTime(entry.chat.closedAt)}`}
                  {entry.rating && ` · rated ${entry.rating.rating}/5`}
                </span>
                <ChatOriginBadge origin={entry.chat.origin} />
                {entry.match && <span className="console-records-match">{entry.match}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      {transcript && (
        <article className="console-transcript" aria-label={`Transcript with ${nameOf(transcript.chat.creator)}`}>
          <h3>Transcript with {nameOf(transcript.chat.creator)}</h3>
          <p className="console-muted">
            Started <time dateTime={transcript.chat.createdAt}>{formatDateTime(transcript.chat.createdAt)}</time>
            {transcript.chat.closedAt && (
              <>
                {' · ended '}
                <time dateTime={transcript.chat.closedAt}>{formatDateTime(transcript.chat.closedAt)}</time>
              </>
            )}
          </p>
          {transcript.rating && (
            <p>
              Rated {transcript.rating.rating}/5{transcript.rating.comment && `: “${transcript.rating.comment}”`}
            </p>
          )}
          <ol>
            {/* Notes stand where they were written (after the message their afterSeq names), as in the live conversation. */}
            {interleaveNotes(transcript.messages, transcript.notes).map((row) =>
              isNote(row) ? (
                <li key={`note:${row.id}`} className="console-note">
                  <RowTime iso={row.createdAt} /> <strong>Internal note · {nameOf(row.sender)}</strong>: {row.message}
                </li>
              ) : (
                <li key={row.id}>
                  <RowTime iso={row.createdAt} /> <strong>{row.sender === 'system' ? 'System' : nameOf(row.sender)}</strong>:{' '}
                  {/* A file is named, never an empty line (its bytes are for the chat's members only). */}
                  {row.type === 'file' && row.file && (
                    <span className="console-transcript-file">
                      File {row.file.name} ({formatBytes(row.file.size)}){row.message !== '' && ': '}
                    </span>
                  )}
                  {row.message}
                </li>
              ),
            )}
          </ol>
        </article>
      )}
      {summary && (summary.agents.length > 0 || summary.rooms.length > 0) && (
        <section className="console-ratings" aria-label="Ratings">
          <h3>Ratings</h3>
          <table>
            <caption className="parley-visually-hidden">Average rating per agent and room</caption>
            <thead>
              <tr>
                <th scope="col">Agent or room</th>
                <th scope="col">Ratings</th>
                <th scope="col">Average</th>
              </tr>
            </thead>
            <tbody>
              {summary.agents.map((row) => (
                <tr key={`a-${row.agentId}`}>
                  <th scope="row">{row.name}</th>
                  <td>{row.count}</td>
                  <td>{row.average.toFixed(1)}</td>
                </tr>
              ))}
              {summary.rooms.map((row) => (
                <tr key={`r-${row.room}`}>
                  <th scope="row">Room {row.room}</th>
                  <td>{row.count}</td>
                  <td>{row.average.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}

/** When a transcript row was written: the time, with the full date in its tooltip (chats can span days). */
function RowTime({ iso }: { iso: string }) {
  return (
    <time className="console-muted" dateTime={iso} title={formatDateTime(iso)}>
      {formatTime(iso)}
    </time>
  );
}
