import type { ChatMessage } from '@parley/core';
import type { Message, User, VisitorContext } from '@parley/protocol';
import { useChatDetails, useMessages, useParleyStore } from '@parley/react';
import { formatDateTime } from '@parley/ui';
import { useId, useMemo, useState } from 'react';
import { PreviousChats } from './PreviousChats';

export interface VisitorPanelProps {
  /** The chat whose visitor to show. */
  chatId: string;
  /** Opens one of the visitor's previous chats (its transcript). */
  onOpenChat?: (chatId: string) => void;
}

const detailFields = ['users', 'history'] as const;

/** Entries rendered at first and per "show earlier": 10,000 imported lines once took 5 s and 40k nodes. */
export const historyPageSize = 50;

/**
 * Who the agent is talking to: name, contact and the host page's extraInfo, and the history imported
 * into the chat (an earlier bot conversation, say). Imported messages are the chat's oldest, so with
 * paging they are often not in the store: they come from `chats:get` history, topped up with any
 * imported since from the store.
 */
export function VisitorPanel({ chatId, onOpenChat }: VisitorPanelProps) {
  const headingId = useId();
  const { details, error } = useChatDetails(chatId, detailFields);
  const creator = details?.creator;
  const users = useParleyStore((state) => state.users);
  const visitor = creator === undefined ? undefined : users[creator];
  const { messages } = useMessages(chatId);
  const imported = useMemo(() => importedHistory(details?.history ?? [], messages), [details, messages]);
  const [shown, setShown] = useState(historyPageSize);
  const visible = imported.slice(Math.max(0, imported.length - shown));
  const hidden = imported.length - visible.length;
  const extraInfo = Object.entries(visitor?.extraInfo ?? {});

  return (
    <section className="console-visitor" aria-labelledby={headingId}>
      <h2 id={headingId}>Visitor</h2>
      {error && !details ? (
        <p className="console-error">The visitor’s details could not be loaded.</p>
      ) : !details ? (
        <p className="console-muted" aria-busy="true">
          Loading…
        </p>
      ) : (
        <>
          <dl className="console-facts">
            <dt>Name</dt>
            <dd>{visitor ? visitor.name : 'Unknown'}</dd>
            <dt>Contact</dt>
            <dd>{visitor?.contact ? <ContactLink contact={visitor.contact} /> : <span className="console-muted">Not given</span>}</dd>
            <dt>Room</dt>
            <dd>{details.room}</dd>
            <dt>Started</dt>
            <dd>
              <time dateTime={details.createdAt}>{formatDateTime(details.createdAt)}</time>
            </dd>
          </dl>
          {details.context && <VisitFacts context={details.context} />}
          {creator !== undefined && <PreviousChats visitorId={creator} currentChatId={chatId} {...(onOpenChat ? { onOpen: onOpenChat } : {})} />}
          <h3>Extra info</h3>
          {extraInfo.length === 0 ? (
            <p className="console-muted">None</p>
          ) : (
            <dl className="console-facts">
              {extraInfo.map(([key, value]) => (
                <div key={key} className="console-fact">
                  <dt>{key}</dt>
                  <dd>{value === null ? '—' : String(value)}</dd>
                </div>
              ))}
            </dl>
          )}
          <h3>Imported history</h3>
          {imported.length === 0 ? (
            <p className="console-muted">None</p>
          ) : (
            <>
            {hidden > 0 && (
              <button type="button" className="console-history-more" onClick={() => setShown((count) => count + historyPageSize)}>
                Show {Math.min(hidden, historyPageSize)} earlier of {hidden}
              </button>
            )}
            <ol className="console-history" aria-label="Imported history">
              {visible.map((message) => (
                <li key={message.id} data-imported="">
                  <span className="console-history-sender">{senderLabel(message.sender, users)}</span>{' '}
                  <time className="console-muted" dateTime={message.createdAt}>
                    {formatDateTime(message.createdAt)}
                  </time>
                  <p>{message.message}</p>
                </li>
              ))}
            </ol>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** Where the visitor was when the chat started: page, referrer, browser and system, language and clock. */
function VisitFacts({ context }: { context: VisitorContext }) {
  const localTime = context.utcOffset === undefined ? undefined : visitorLocalTime(context.utcOffset);
  return (
    <>
      <h3>Visit</h3>
      <dl className="console-facts" aria-label="Visit">
        {context.url && (
          <div className="console-fact">
            <dt>Page</dt>
            <dd>
              <a href={safeUrl(context.url)} target="_blank" rel="noreferrer noopener">
                {context.title || context.url}
              </a>
            </dd>
          </div>
        )}
        {context.referrer && (
          <div className="console-fact">
            <dt>Referrer</dt>
            <dd>{context.referrer}</dd>
          </div>
        )}
        {(context.browser || context.os) && (
          <div className="console-fact">
            <dt>Browser</dt>
            <dd>{[context.browser, context.os].filter(Boolean).join(' on ')}</dd>
          </div>
        )}
        {context.language && (
          <div className="console-fact">
            <dt>Language</dt>
            <dd>{context.language}</dd>
          </div>
        )}
        {(context.timeZone || localTime) && (
          <div className="console-fact">
            <dt>Local time</dt>
            <dd>{[localTime, context.timeZone].filter(Boolean).join(' · ')}</dd>
          </div>
        )}
      </dl>
    </>
  );
}

/** The visitor's wall clock now, from the offset their browser had (`HH:MM`, UTC±h). */
export function visitorLocalTime(utcOffset: number, now = Date.now()): string {
  const local = new Date(now + utcOffset * 60_000);
  const pad = (value: number) => String(value).padStart(2, '0');
  const sign = utcOffset < 0 ? '−' : '+';
  const hours = Math.floor(Math.abs(utcOffset) / 60);
  const minutes = Math.abs(utcOffset) % 60;
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())} (UTC${sign}${hours}${minutes ? `:${pad(minutes)}` : ''})`;
}

/** A page address the page itself gave: linked only when it is http(s). */
function safeUrl(url: string): string | undefined {
  return /^https?:\/\//i.test(url) ? url : undefined;
}

/** Imported entries come from a bot or the system as often as from the visitor. */
function senderLabel(sender: string, users: Readonly<Record<string, User>>): string {
  if (sender === 'assistant') return 'Assistant';
  if (sender === 'system') return 'System';
  const user = users[sender];
  return user ? (user.nickname ?? user.name) : sender;
}

/** An email or phone number is one click away; anything else is shown as given. */
function ContactLink({ contact }: { contact: string }) {
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact)) return <a href={`mailto:${contact}`}>{contact}</a>;
  if (/^\+?[\d\s().-]{6,}$/.test(contact)) return <a href={`tel:${contact.replace(/[^\d+]/g, '')}`}>{contact}</a>;
  return <>{contact}</>;
}

function importedHistory(fetched: readonly Message[], held: readonly ChatMessage[]): Message[] {
  const byId = new Map<string, Message>();
  for (const message of fetched) if (message.imported) byId.set(message.id, message);
  for (const message of held) if (message.seq !== undefined && message.imported) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}
