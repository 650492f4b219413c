import { createClient, loginAgent } from '@parley/core';
import type { ParleyClient } from '@parley/core';
import type { Invitation } from '@parley/core';

/**
 * A demo agent signed in from Node with @parley/core, for tests about the visitor's side. (The
 * conversation test drives the real console in a browser instead.)
 */
export async function signInAgent(url: string, username = 'agent1'): Promise<ParleyClient & { invitations: Invitation[] }> {
  const { user, session } = await loginAgent(url, { username, password: 'demo' });
  const client = createClient({ url, token: session.token, user, storage: false });
  const invitations: Invitation[] = [];
  client.subscribe('invitation:new', ({ chat, expiresAt }) => invitations.push({ chat, expiresAt }));
  await client.whenConnected();
  return Object.assign(client, { invitations });
}

/** Polls a condition (state, not timing) until it holds or the test's timeout ends the wait. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
