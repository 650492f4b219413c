import { toParleyError } from '@parley/core';
import type { CannedResponse } from '@parley/protocol';
import { useCallback, useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { RecordsApi } from '../records';

export interface CannedAdminProps {
  /** The canned-response routes (`GET/POST /v1/canned`, `PUT/DELETE /v1/canned/:id`); a stub in stories and tests. */
  records: Pick<RecordsApi, 'canned' | 'saveCanned' | 'deleteCanned'>;
  /** The rooms the agent works in: a new response may be shared with one of them. */
  rooms: readonly string[];
  /** Called after every save or delete, so the composers' `/` lists reload. */
  onChanged?: (() => void) | undefined;
}

/**
 * The server's own words for a refusal (e.g. a taken shortcut), which say what to fix here — without
 * the route they open with for developers ("POST /v1/canned: shortcut: …").
 */
export function serverMessage(cause: unknown): string {
  const error = toParleyError(cause);
  return error.message.replace(/^(GET|POST|PUT|DELETE) \/\S*: /, '') || 'Something went wrong. Try again.';
}

function scopeOf(response: CannedResponse): string {
  return response.room === undefined ? 'Personal' : `Room ${response.room}`;
}

/**
 * Every agent manages their canned responses: their personal ones and those shared with their rooms.
 * Lists them, adds, edits and (after a confirmation) deletes, and shows the server's refusals.
 */
export function CannedAdmin({ records, rooms, onChanged }: CannedAdminProps) {
  const [responses, setResponses] = useState<CannedResponse[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<CannedResponse | undefined>(undefined);
  const [confirming, setConfirming] = useState<string | undefined>(undefined);
  const [shortcut, setShortcut] = useState('');
  const [text, setText] = useState('');
  const [scope, setScope] = useState('');
  const ids = { heading: useId(), form: useId(), shortcut: useId(), text: useId(), scope: useId(), hint: useId() };

  // Loaded when the page opens; every save or delete below reloads with `load`.
  const load = useCallback(
    () =>
      records.canned().then(
        (list) => setResponses(list),
        (cause: unknown) => setError(serverMessage(cause)),
      ),
    [records],
  );
  useEffect(() => {
    let current = true;
    records.canned().then(
      (list) => current && setResponses(list),
      (cause: unknown) => current && setError(serverMessage(cause)),
    );
    return () => {
      current = false;
    };
  }, [records]);

  const reset = () => {
    setEditing(undefined);
    setShortcut('');
    setText('');
    setScope('');
  };
  const edit = (response: CannedResponse) => {
    setEditing(response);
    setShortcut(response.shortcut);
    setText(response.text);
    setScope(response.room ?? '');
    setError(undefined);
  };
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(undefined);
    try {
      const input = scope === '' ? { shortcut: shortcut.trim(), text } : { shortcut: shortcut.trim(), text, room: scope };
      await records.saveCanned(input, editing?.id);
      reset();
      onChanged?.();
      await load();
    } catch (cause) {
      setError(serverMessage(cause));
    }
  };
  const remove = async (id: string) => {
    setError(undefined);
    try {
      await records.deleteCanned(id);
      setConfirming(undefined);
      if (editing?.id === id) reset();
      onChanged?.();
      await load();
    } catch (cause) {
      setError(serverMessage(cause));
    }
  };

  // The rooms to offer: the agent's, plus any a listed response already belongs to.
  const roomChoices = [...new Set([...rooms, ...(responses ?? []).flatMap((response) => (response.room === undefined ? [] : [response.room]))])].sort();

  return (
    <section className="console-admin-section" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>Canned responses</h2>
      {responses === undefined ? (
        !error && <p className="console-muted">Loading…</p>
      ) : responses.length === 0 ? (
        <p className="console-muted">No canned responses yet.</p>
      ) : (
        <table className="console-admin-table">
          <thead>
            <tr>
              <th scope="col">Shortcut</th>
              <th scope="col">Text</th>
              <th scope="col">Scope</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {responses.map((response) => (
              <tr key={response.id}>
                <td>/{response.shortcut}</td>
                <td>{response.text}</td>
                <td>{scopeOf(response)}</td>
                <td>
                  {confirming === response.id ? (
                    <span role="group" aria-label={`Delete /${response.shortcut}?`}>
                      Delete /{response.shortcut}?{' '}
                      <button type="button" className="parley-button" onClick={() => void remove(response.id)}>
                        Yes, delete
                      </button>{' '}
                      <button type="button" className="parley-button" data-variant="secondary" onClick={() => setConfirming(undefined)}>
                        Keep
                      </button>
                    </span>
                  ) : (
                    <>
                      <button type="button" className="parley-button" data-variant="secondary" aria-label={`Edit /${response.shortcut}`} onClick={() => edit(response)}>
                        Edit
                      </button>{' '}
                      <button type="button" className="parley-button" data-variant="secondary" aria-label={`Delete /${response.shortcut}`} onClick={() => setConfirming(response.id)}>
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {error && (
        <p className="console-error" role="alert">
          {error}
        </p>
      )}
      <form className="console-admin-form" aria-labelledby={ids.form} onSubmit={(event) => void submit(event)}>
        <h3 id={ids.form}>{editing ? `Edit /${editing.shortcut}` : 'Add a canned response'}</h3>
        <label htmlFor={ids.shortcut}>Shortcut</label>
        <input id={ids.shortcut} required value={shortcut} onChange={(event) => setShortcut(event.target.value)} />
        <label htmlFor={ids.text}>Text</label>
        <textarea id={ids.text} required rows={4} aria-describedby={ids.hint} value={text} onChange={(event) => setText(event.target.value)} />
        <p id={ids.hint} className="console-muted">
          Placeholders: <code>{'{{visitor.name}}'}</code> is the visitor&apos;s name, <code>{'{{agent.name}}'}</code> yours, <code>{'{{room}}'}</code> the chat&apos;s room.
        </p>
        <label htmlFor={ids.scope}>Scope</label>
        {/* The server keeps a response's scope on an edit (PUT takes shortcut and text only). */}
        <select id={ids.scope} value={scope} disabled={editing !== undefined} onChange={(event) => setScope(event.target.value)}>
          <option value="">Personal</option>
          {roomChoices.map((room) => (
            <option key={room} value={room}>
              Room {room}
            </option>
          ))}
        </select>
        <div className="console-admin-actions">
          <button type="submit" className="parley-button">
            {editing ? 'Save changes' : 'Add response'}
          </button>
          {editing && (
            <button type="button" className="parley-button" data-variant="secondary" onClick={reset}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
