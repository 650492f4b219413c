import type { AuditEntry } from '@parley/protocol';
import { useEffect, useId, useState } from 'react';
import { describeError } from '../describeError';
import type { AdminApi } from './adminApi';

export interface AuditLogViewProps {
  /** The administration routes (a stub in stories and tests). */
  api: AdminApi;
  /** How times are shown (default: the browser's locale). */
  formatTime?: (iso: string) => string;
}

/** The audit log, newest first: who did what to which agent or room, and when. */
export function AuditLogView({ api, formatTime = (iso) => new Date(iso).toLocaleString() }: AuditLogViewProps) {
  const [entries, setEntries] = useState<AuditEntry[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const heading = useId();
  useEffect(() => {
    let current = true;
    api.audit().then(
      (answer) => current && setEntries(answer),
      (cause: unknown) => current && setError(describeError(cause)),
    );
    return () => {
      current = false;
    };
  }, [api]);
  return (
    <section className="console-admin-section" aria-labelledby={heading}>
      <h2 id={heading}>Audit log</h2>
      {error && (
        <p className="console-error" role="alert">
          {error}
        </p>
      )}
      {entries === undefined && !error && <p role="status">Loading…</p>}
      {entries?.length === 0 && <p className="console-muted">Nothing yet.</p>}
      {entries && entries.length > 0 && (
        <table className="console-admin-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">On</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <time dateTime={entry.at}>{formatTime(entry.at)}</time>
                </td>
                <td>{entry.actor}</td>
                <td>{entry.action}</td>
                <td>{entry.target}</td>
                <td className="console-muted">{entry.details ? JSON.stringify(entry.details) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
