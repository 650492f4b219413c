import type { ChatEngine } from '@parley/engine';
import { hashPassword } from './passwords';
import type { SqlStore } from './store/sqlStore';

export const demoAgents = [
  { id: 'agent1', name: 'Ada Agent' },
  { id: 'agent2', name: 'Bob Agent' },
] as const;
export const demoRoom = 'support';
export const demoPassword = 'demo';
export const demoAdmin = 'agent1';

/** What the demo room says to visitors until an admin changes it in the console. */
export const demoRoomSettings = { welcome: 'Hi! Ask us anything about your hosting plan.', replyTime: 'minutes' } as const;

/**
 * Room `support` with two agents (password `demo`); `agent1` may administer, so the console's admin
 * pages can be tried — the room is one of the database's, so its welcome, hours and snippet are
 * there to edit (unless `--rooms` / `--room-settings` configure it, which keeps it read-only). Running
 * it again changes nothing. Never used without `--demo`: a real deployment gets its first admin from
 * the setup link, not from a known password.
 */
export async function seedDemo(engine: ChatEngine, store: SqlStore, options: { configuredRooms: readonly string[]; now: string }): Promise<void> {
  if (!options.configuredRooms.includes(demoRoom)) await store.admin.insertRoom({ name: demoRoom, ...demoRoomSettings }, options.now);
  for (const agent of demoAgents) {
    await engine.registerAgent({ id: agent.id, name: agent.name, rooms: [demoRoom], capacity: 3 });
    if (!(await store.getCredentials(agent.id))) {
      await store.putCredentials(agent.id, agent.id, await hashPassword(demoPassword));
      if (agent.id === demoAdmin) await store.admin.setAccountFlags(agent.id, { admin: true });
    }
  }
}
