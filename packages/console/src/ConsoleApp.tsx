import { loginAgent } from '@parley/core';
import type { SignedIn, StorageAdapter } from '@parley/core';
import type { AgentStatus } from '@parley/protocol';
import { useCallback, useEffect, useState } from 'react';
import type { PasswordLinkApi } from './admin/adminApi';
import { createPasswordLinkApi } from './admin/adminApi';
import { PasswordLinkForm } from './admin/PasswordLinkForm';
import { Desk } from './Desk';
import type { DeskAlerts } from './deskAlerts';
import { askNotificationPermission, createBrowserAlerts } from './deskAlerts';
import type { ConnectDesk, DeskLink, LoginAgent } from './deskLink';
import { closeDesk, connectSocket, openDesk, sessionFrom } from './deskLink';
import { LoginForm } from './LoginForm';
import type { LogoutAgent } from './logout';
import { logoutAgent } from './logout';
import { clearSession, withStatus, writeSession } from './session';

export interface ConsoleAppProps {
  /** The Parley server (see `chooseServer`). */
  server: string;
  /** Where the session survives a reload (`sessionStorage` in the browser). */
  storage?: StorageAdapter | undefined;
  login?: LoginAgent;
  /** Revokes the session on "Log out" (default: `POST /v1/agents/logout`). */
  logout?: LogoutAgent;
  connect?: ConnectDesk;
  /**
   * A desk opened before the first render, from a saved session. Opened outside React on purpose:
   * StrictMode runs state initialisers twice, which would open a second socket and leak it.
   */
  initialDesk?: DeskLink | undefined;
  /** Shown on the login form from the start (e.g. why a `?server=` link was refused). */
  initialNotice?: string | undefined;
  /** The chime and desktop notifications (default: Web Audio and the Notification API). */
  alerts?: DeskAlerts;
  /** Asked on login, never on page load (default: the Notification API's permission prompt). */
  askPermission?: () => void;
  /** The token of a one-time link the console was opened with (`#link=…`): setup, invitation or reset. */
  linkToken?: string | undefined;
  /** Reads and uses one-time links (default: the server's REST routes). */
  passwordLinks?: PasswordLinkApi;
  /** Called once a link was used, so the address stops showing its token. */
  onLinkUsed?: () => void;
}

const defaultLogin: LoginAgent = (server, credentials) => loginAgent(server, credentials);

/** Wait this long for `offline` to be acknowledged on logout; leaving must not hang on a dead link. */
const logoutGraceMs = 1500;

/** The agent console: the login form, or the desk of the signed-in agent. */
export function ConsoleApp({
  server,
  storage,
  login = defaultLogin,
  logout: revoke = logoutAgent,
  connect = connectSocket,
  initialDesk,
  initialNotice,
  alerts: givenAlerts,
  askPermission = askNotificationPermission,
  linkToken,
  passwordLinks,
  onLinkUsed,
}: ConsoleAppProps) {
  const [pendingLink, setPendingLink] = useState(linkToken);
  const [linkApi] = useState(() => passwordLinks ?? createPasswordLinkApi(server));
  const [knownUsername, setKnownUsername] = useState<string | undefined>(undefined);
  const [defaultAlerts] = useState(createBrowserAlerts);
  const alerts = givenAlerts ?? defaultAlerts;
  const [desk, setDesk] = useState<DeskLink | undefined>(initialDesk);
  const [notice, setNotice] = useState<string | undefined>(initialNotice);
  const [loggingOut, setLoggingOut] = useState(false);

  const leave = useCallback(
    (link: DeskLink, why: string) => {
      closeDesk(link);
      clearSession(storage);
      setDesk(undefined);
      setLoggingOut(false);
      setNotice(why);
    },
    [storage],
  );

  // A token the server refuses (expired, secret rotated) is not fixed by retrying: back to the login.
  useEffect(() => {
    if (!desk) return;
    return desk.client.onConnection((state) => {
      if (state.status === 'disconnected' && state.error?.code === 'unauthorized') leave(desk, 'Your session has ended. Log in again.');
    });
  }, [desk, leave]);

  const loggedIn = (signedIn: SignedIn) => {
    const session = sessionFrom(server, signedIn);
    writeSession(storage, session);
    // The first login is where notifications are asked for: a click, and the moment they make sense.
    askPermission();
    setNotice(undefined);
    setDesk(openDesk(session, connect));
  };

  const logout = async () => {
    if (!desk) return;
    setLoggingOut(true);
    // Said before leaving, so routing stops offering this agent chats now rather than after the
    // server's reconnect grace period.
    await Promise.race([desk.client.agent.setStatus('offline').catch(() => undefined), delay(logoutGraceMs)]);
    // Then the token is revoked, so it cannot be reused once the agent has left.
    await Promise.race([revoke(desk.session.server, desk.session.token), delay(logoutGraceMs)]);
    leave(desk, 'You are logged out.');
  };

  const rememberStatus = useCallback(
    (status: AgentStatus) => {
      if (desk) writeSession(storage, withStatus(desk.session, status));
    },
    [desk, storage],
  );

  return (
    <div className="parley console-app">
      {pendingLink && !desk ? (
        <PasswordLinkForm
          token={pendingLink}
          api={linkApi}
          onDone={(username) => {
            setPendingLink(undefined);
            setKnownUsername(username);
            setNotice('Your password is set. Log in.');
            onLinkUsed?.();
          }}
        />
      ) : desk ? (
        <Desk key={desk.session.token} link={desk} onLogout={() => void logout()} loggingOut={loggingOut} onStatus={rememberStatus} alerts={alerts} />
      ) : (
        <LoginForm key={knownUsername} server={server} login={login} onLoggedIn={loggedIn} notice={notice} initialUsername={knownUsername} />
      )}
    </div>
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
