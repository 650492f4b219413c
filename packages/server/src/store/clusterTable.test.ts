import { describe, expect, it } from 'vitest';
import { createClusterTable } from './clusterTable';
import { useMigratedClient } from './testDatabases';

describe.each(['PGlite', 'PostgreSQL'] as const)('cluster table on %s', (kind) => {
  const db = useMigratedClient(kind);

  it('tells a heartbeat whether the node still had its lease: not on its first, nor after another node reaped it', async () => {
    const table = createClusterTable(db());
    const node = `node-${kind}-${Date.now()}`;
    expect(await table.heartbeat(node, 60_000, ['ada'])).toBe(true);
    expect(await table.heartbeat(node, 60_000, ['ada'])).toBe(false);
    // Its lease runs out (a node cut off from the database) and another node reaps it.
    expect(await table.heartbeat(node, -1, ['ada'])).toBe(false);
    expect(await table.reapExpired()).toContain('ada');
    expect(await table.heartbeat(node, 60_000, ['ada'])).toBe(true);
    expect(await table.isConnected('ada')).toBe(true);
    await table.leave(node);
  });
});
