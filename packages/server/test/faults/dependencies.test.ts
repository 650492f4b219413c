import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from '../cluster/cluster';
import { alive, health, logLines, seedAgents, startCluster, waitUntil } from '../cluster/cluster';
import type { Conversation } from '../cluster/conversations';
import { closeAll, openConversation, startLoad } from '../cluster/conversations';
import { connectResilient } from '../cluster/resilientClient';
import { logIn } from '../harness';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two `parley-server` processes on PostgreSQL (behind a cuttable TCP link) and a Redis of the test's
 * own, with visitors on one node talking to agents on the other while the dependencies fail: Redis
 * killed and restarted, PostgreSQL backends terminated, PostgreSQL refusing connections for a while.
 * The nodes stay up, say why on /healthz, refuse work with `unavailable` meanwhile, log each outage
 * once, and recover on their own; every acknowledged message is stored exactly once.
 */
describe('nodes survive their dependencies (PostgreSQL + Redis)', () => {
  let cluster: Cluster;
  let conversations: Conversation[] = [];
  let admin: pg.Client;

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, databaseLink: true });
    admin = new pg.Client({ connectionString: cluster.database.value });
    await admin.connect();
    const agents = Array.from({ length: 4 }, (_, i) => ({ username: `dep-agent-${i}`, rooms: ['deps'], capacity: 5 }));
    await seedAgents(cluster.database.value, [...agents, { username: 'dep-late', rooms: ['deps'], capacity: 1 }]);
    const [a, b] = cluster.nodes.map((node) => node.url) as [string, string];
    // Crossed: two visitors on node A with agents on node B, two the other way round.
    conversations = await Promise.all(agents.map((agent, i) => openConversation(i % 2 ? b : a, i % 2 ? a : b, agent.username, 'deps')));
  }, 120_000);
  afterAll(async () => {
    closeAll(conversations);
    await admin?.end();
    await cluster?.stop();
  });

  async function storedFor(conversation: Conversation): Promise<{ id: string; client_id: string }[]> {
    return (await admin.query<{ id: string; client_id: string }>('SELECT id, client_id FROM messages WHERE chat_id = $1', [conversation.chatId])).rows;
  }

  /** Every acknowledged message is stored, and no clientId is stored twice. */
  async function expectAckedStoredOnce(): Promise<{ acked: number; stored: number }> {
    let acked = 0;
    let stored = 0;
    for (const conversation of conversations) {
      const rows = await storedFor(conversation);
      const ids = new Set(rows.map((row) => row.id));
      expect(conversation.acked.filter((message) => !ids.has(message.id))).toEqual([]);
      expect(new Set(rows.map((row) => row.client_id)).size).toBe(rows.length);
      acked += new Set(conversation.acked.map((message) => message.id)).size;
      stored += rows.length;
    }
    return { acked, stored };
  }

  const refusals = (code: string) => conversations.reduce((sum, c) => sum + (c.visitor.stats.refusals.get(code) ?? 0), 0);
  const resends = () => conversations.reduce((sum, c) => sum + c.visitor.stats.resends, 0);

  it('keeps running through Redis killed and restarted under load, and delivers across nodes again', async () => {
    const load = startLoad(conversations, { pauseMs: 20, prefix: 'redis' });
    await pause(1_000);
    const before = resends();
    await cluster.redis.kill();
    const noticed = await waitUntil(
      async () => (await Promise.all(cluster.nodes.map((node) => health(node.url)))).every((h) => h !== 'down' && h.status === 503 && h.body.dependencies?.redis?.up === false),
      15_000,
      'both nodes to report Redis down',
    );
    // Work that broadcasts without a command: an agent coming online (agent:status to its room) while
    // Redis is away. Before the fix the adapter's publish rejected unhandled here and the node exited.
    const login = await logIn({ url: cluster.nodes[0]!.url }, 'dep-late', 'secret-pass');
    const late = await connectResilient(cluster.nodes[0]!.url, login.session.token);
    await pause(2_000);
    late.close();
    expect(cluster.nodes.every(alive)).toBe(true);
    await cluster.redis.restart();
    const recovered = await waitUntil(
      async () => (await Promise.all(cluster.nodes.map((node) => health(node.url)))).every((h) => h !== 'down' && h.status === 200),
      20_000,
      'both nodes to report Redis back',
    );
    await pause(1_000);
    await load.stop();
    expect(cluster.nodes.every(alive)).toBe(true);

    // After recovery a message crosses nodes live again (through the re-subscribed adapter).
    for (const [i, conversation] of conversations.entries()) {
      const { message } = await conversation.visitor.send('messages:send', { chatId: conversation.chatId, clientId: `after-redis-${i}`, type: 'text', message: 'after' });
      conversation.acked.push(message);
      await waitUntil(() => conversation.agent.seen.get(conversation.chatId)!.has(message.seq), 5_000, 'a live delivery after Redis came back');
    }
    const { acked, stored } = await expectAckedStoredOnce();
    // One line per node for the outage, not one per failed publish or reconnect attempt.
    const outageLines = cluster.nodes.map((node) => logLines(node, 'redis unavailable').length);
    expect(outageLines).toEqual([1, 1]);
    console.log(
      `[figures] Redis killed and restarted under load: nodes alive 2/2; noticed in ${(noticed / 1000).toFixed(1)} s, ` +
        `healthy ${(recovered / 1000).toFixed(1)} s after restart; acked ${acked}, stored ${stored}; ` +
        `refused unavailable ${refusals('unavailable')}, resends ${resends() - before}; outage log lines per node ${outageLines.join('/')}; ` +
        `live delivery across nodes after recovery ${conversations.length}/${conversations.length}`,
    );
  }, 90_000);

  it('keeps running while PostgreSQL backends are terminated under load; acked = stored', async () => {
    const load = startLoad(conversations, { pauseMs: 5, prefix: 'terminate' });
    let terminated = 0;
    for (let round = 0; round < 30; round++) {
      await pause(100);
      const { rows } = await admin.query<{ ok: boolean }>(
        'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      terminated += rows.filter((row) => row.ok).length;
    }
    await pause(500);
    await load.stop();
    expect(cluster.nodes.every(alive)).toBe(true);
    expect(terminated).toBeGreaterThan(10);
    const { acked, stored } = await expectAckedStoredOnce();
    console.log(
      `[figures] PostgreSQL backends terminated under load: ${terminated} backends killed in 30 rounds over 3 s; nodes alive 2/2; ` +
        `acked ${acked} = stored ${stored} (every acked message stored once); refused unavailable ${refusals('unavailable')}`,
    );
  }, 90_000);

  it('refuses work with unavailable while PostgreSQL refuses connections, then recovers on its own', async () => {
    const load = startLoad(conversations, { pauseMs: 20, prefix: 'refused' });
    await pause(500);
    const refusedBefore = refusals('unavailable');
    const linesBefore = cluster.nodes.map((node) => logLines(node, 'database unavailable').length);
    await cluster.databaseLink!.pause();
    const noticed = await waitUntil(
      async () => (await Promise.all(cluster.nodes.map((node) => health(node.url)))).every((h) => h !== 'down' && h.status === 503 && h.body.dependencies?.database?.up === false),
      15_000,
      'both nodes to report the database down',
    );
    // Scrapes go on meanwhile: the metrics an operator needs now (refusals, sockets) answer, without the queue gauge.
    for (const node of cluster.nodes) {
      const scrape = await fetch(`${node.url}/metrics`);
      expect(scrape.status).toBe(200);
      expect(await scrape.text()).toMatch(/parley_limit_refusals_total|parley_connected_sockets/);
    }
    await pause(3_000);
    expect(cluster.nodes.every(alive)).toBe(true);
    await cluster.databaseLink!.resume();
    const recovered = await waitUntil(
      async () => (await Promise.all(cluster.nodes.map((node) => health(node.url)))).every((h) => h !== 'down' && h.status === 200),
      15_000,
      'both nodes to report the database back',
    );
    await pause(1_000);
    await load.stop();
    expect(refusals('unavailable')).toBeGreaterThan(refusedBefore);
    const { acked, stored } = await expectAckedStoredOnce();
    const outageLines = cluster.nodes.map((node, i) => logLines(node, 'database unavailable').length - linesBefore[i]!);
    expect(outageLines).toEqual([1, 1]);
    console.log(
      `[figures] PostgreSQL refusing connections for 3 s under load: nodes alive 2/2; /healthz 503 within ${(noticed / 1000).toFixed(1)} s, ` +
        `200 again ${(recovered / 1000).toFixed(1)} s after it came back; refused unavailable ${refusals('unavailable') - refusedBefore}; ` +
        `acked ${acked} = stored ${stored}; outage log lines per node ${outageLines.join('/')}`,
    );
  }, 90_000);
});
