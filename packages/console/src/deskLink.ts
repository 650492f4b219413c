import { createClient } from '@parley/core';
import type { ParleyClient, SignedIn } from '@parley/core';
import type { RecordsApi } from './records';
import { createRestRecords } from './records';
import type { AgentSession } from './session';

/** A signed-in agent's client (which owns its store, so no push arrives before the store). */
export interface DeskLink {
  session: AgentSession;
  client: ParleyClient;
  /** Canned responses, records and ratings over REST (absent for a desk without a server). */
  records?: RecordsApi;
}

/** Makes the client for a session; tests swap in one bound to an in-process engine. */
export type ConnectDesk = (session: AgentSession) => ParleyClient;

/** Signs an agent in; tests swap in `loginAgent` with a fake `fetch`, or a stub. */
export type LoginAgent = (server: string, credentials: { username: string; password: string }) => Promise<SignedIn>;

export const connectSocket: ConnectDesk = (session) => createClient({ url: session.server, token: session.token, user: session.user });

/**
 * Opens the agent's connection. Called from event handlers and before the first render, never while
 * rendering: StrictMode renders twice, and the discarded render would leave a socket open.
 */
export function openDesk(session: AgentSession, connect: ConnectDesk = connectSocket): DeskLink {
  const client = connect(session);
  // A desk on an in-process engine (tests, stories) has no REST server behind it.
  return connect === connectSocket ? { session, client, records: createRestRecords(session.server, session.token) } : { session, client };
}

export function closeDesk(link: DeskLink): void {
  link.client.destroy();
}

export function sessionFrom(server: string, signedIn: SignedIn): AgentSession {
  return { server, token: signedIn.session.token, expiresAt: signedIn.session.expiresAt, user: signedIn.user };
}
