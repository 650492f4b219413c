/** Ends the session on the server (`POST /v1/agents/logout`): its token is refused from then on. */
export type LogoutAgent = (server: string, token: string) => Promise<void>;

/**
 * Revokes the agent's token, so a copy left in the tab's storage or a proxy log is useless (issue 13).
 * Failures are swallowed: leaving must not hang on an unreachable server, and the token expires anyway.
 */
export const logoutAgent: LogoutAgent = async (server, token) => {
  try {
    await fetch(`${server}/v1/agents/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  } catch {
    // Unreachable: nothing more to do.
  }
};
