import type { SqlClient } from './sqlClient';

/**
 * The shared half of presence (see `clusterPresence.ts`): which node holds sockets of which agent,
 * and until when each node's lease runs. A node that stops renewing its lease is dead to the others.
 */
export interface ClusterTable {
  /** Renews the node's lease and makes its rows exactly `agentIds` (what its sockets say now). */
  /**
   * Renews the node's lease and writes the agents it holds. Resolves `true` when the node had no lease
   * any more (its first heartbeat, or another node reaped it while it could not renew).
   */
  heartbeat(nodeId: string, leaseMs: number, agentIds: readonly string[]): Promise<boolean>;
  addAgent(nodeId: string, agentId: string): Promise<void>;
  removeAgent(nodeId: string, agentId: string): Promise<void>;
  /** Whether any node with a live lease holds a socket of the agent. */
  isConnected(agentId: string): Promise<boolean>;
  /**
   * Removes nodes whose lease ran out, with their rows; returns the agents they held that no live
   * node holds now. Each expired node is claimed by one caller only (DELETE … RETURNING).
   */
  reapExpired(): Promise<string[]>;
  /** Online agents no live node holds a socket of (e.g. left behind by a crash of the only node). */
  orphanedOnlineAgents(): Promise<string[]>;
  /** A node shutting down in order gives its lease back. */
  leave(nodeId: string): Promise<void>;
}

const liveHolder = `EXISTS (SELECT 1 FROM agent_presence p JOIN cluster_nodes n ON n.id = p.node_id
                     WHERE p.agent_id = $1 AND n.lease_until > now())`;

export function createClusterTable(client: SqlClient): ClusterTable {
  return {
    async heartbeat(nodeId, leaseMs, agentIds) {
      return client.transaction(async (tx) => {
        // `xmax = 0`: the row was inserted, not updated — there was no lease to renew.
        const [lease] = await tx.query<{ inserted: boolean }>(
          `INSERT INTO cluster_nodes (id, lease_until) VALUES ($1, now() + $2 * interval '1 millisecond')
           ON CONFLICT (id) DO UPDATE SET lease_until = EXCLUDED.lease_until
           RETURNING (xmax = 0) AS inserted`,
          [nodeId, leaseMs],
        );
        await tx.query('DELETE FROM agent_presence WHERE node_id = $1 AND NOT (agent_id = ANY($2::text[]))', [nodeId, agentIds]);
        await tx.query(
          `INSERT INTO agent_presence (node_id, agent_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
          [nodeId, agentIds],
        );
        return lease?.inserted === true;
      });
    },
    async addAgent(nodeId, agentId) {
      await client.statement('INSERT INTO agent_presence (node_id, agent_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [nodeId, agentId]);
    },
    async removeAgent(nodeId, agentId) {
      await client.statement('DELETE FROM agent_presence WHERE node_id = $1 AND agent_id = $2', [nodeId, agentId]);
    },
    async isConnected(agentId) {
      const [row] = await client.statement<{ connected: boolean }>(`SELECT ${liveHolder} AS connected`, [agentId]);
      return row?.connected === true;
    },
    async reapExpired() {
      return client.transaction(async (tx) => {
        const nodes = await tx.query<{ id: string }>('DELETE FROM cluster_nodes WHERE lease_until <= now() RETURNING id');
        if (nodes.length === 0) return [];
        const held = await tx.query<{ agent_id: string }>('DELETE FROM agent_presence WHERE node_id = ANY($1::text[]) RETURNING agent_id', [
          nodes.map((node) => node.id),
        ]);
        const agents = [...new Set(held.map((row) => row.agent_id))];
        const stillHeld = await tx.query<{ agent_id: string }>(
          `SELECT DISTINCT p.agent_id FROM agent_presence p JOIN cluster_nodes n ON n.id = p.node_id
           WHERE p.agent_id = ANY($1::text[]) AND n.lease_until > now()`,
          [agents],
        );
        const heldNow = new Set(stillHeld.map((row) => row.agent_id));
        return agents.filter((agent) => !heldNow.has(agent));
      });
    },
    async orphanedOnlineAgents() {
      const rows = await client.query<{ id: string }>(
        `SELECT u.id FROM users u WHERE u.role = 'agent' AND u.status = 'online'
           AND NOT EXISTS (SELECT 1 FROM agent_presence p JOIN cluster_nodes n ON n.id = p.node_id
                           WHERE p.agent_id = u.id AND n.lease_until > now())`,
      );
      return rows.map((row) => row.id);
    },
    async leave(nodeId) {
      await client.transaction(async (tx) => {
        await tx.query('DELETE FROM agent_presence WHERE node_id = $1', [nodeId]);
        await tx.query('DELETE FROM cluster_nodes WHERE id = $1', [nodeId]);
      });
    },
  };
}
