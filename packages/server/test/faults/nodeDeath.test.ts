import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from '../cluster/cluster';
import { alive, seedAgents, startCluster, waitUntil } from '../cluster/cluster';
import type { Conversation } from '../cluster/conversations';
import { closeAll, openConversation, startLoad } from '../cluster/conversations';
import { connectResilient } from '../cluster/resilientClient';
import { logIn, signUp } from '../harness';
import { isAlive } from '../processes';

const chats = 20;
const perChat = 200;

/**
 * Two `parley-server` processes (PostgreSQL + a Redis of the test's own) behind a TCP balancer, the
 * setup README § "Running several nodes" describes. One node is SIGKILLed mid-conversation: its
 * clients reconnect through the balancer to the survivor within seconds, and no acknowledged message
 * is lost, duplicated or reordered. Then a node holding an agent's only socket dies: the survivor
 * takes the agent offline (withdrawing its offer) within the documented bound.
 */
describe('a node dies (SIGKILL)', () => {
  let cluster: Cluster;
  let conversations: Conversation[] = [];
  let admin: pg.Client;

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2 });
    admin = new pg.Client({ connectionString: cluster.database.value });
    await admin.connect();
    const agents = Array.from({ length: chats }, (_, i) => ({ username: `crash-agent-${i}`, rooms: ['crash'], capacity: 1 }));
    await seedAgents(cluster.database.value, [...agents, { username: 'ghost', rooms: ['ghost-room'], capacity: 1 }]);
    // Everyone connects through the balancer, which spreads them over both nodes.
    conversations = await Promise.all(agents.map((agent) => openConversation(cluster.balancer.url, cluster.balancer.url, agent.username, 'crash')));
  }, 120_000);
  afterAll(async () => {
    closeAll(conversations);
    await admin?.end();
    await cluster?.stop();
  });

  it(`loses, duplicates and reorders nothing of ${chats * perChat} messages, and moves the dead node's clients to the survivor`, async () => {
    const [doomed, survivor] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
    const load = startLoad(conversations, { pauseMs: 2, limit: perChat, prefix: 'crash' });
    const acked = () => conversations.reduce((sum, c) => sum + c.acked.length, 0);
    await waitUntil(() => acked() >= (chats * perChat) / 3, 60_000, 'a third of the messages');
    const connectsBefore = conversations.flatMap((c) => [c.visitor.stats.connects, c.agent.stats.connects]);
    const killedAt = Date.now();
    await doomed.kill();
    expect(isAlive(doomed.pid)).toBe(false);
    await load.done;
    expect(alive(survivor)).toBe(true);

    // Clients that were on the dead node reconnected (through the balancer, so to the survivor).
    const clients = conversations.flatMap((c) => [c.visitor, c.agent]);
    const moved = clients.filter((client, i) => client.stats.connects > connectsBefore[i]!);
    expect(moved.length).toBeGreaterThan(0);
    const failoverMs = Math.max(...moved.map((client) => client.stats.lastConnectAt - killedAt));

    // The agents saw every stored message (live, or backfilled by seq after their reconnect).
    await waitUntil(
      async () => {
        for (const c of conversations) {
          const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE chat_id = $1', [c.chatId]);
          if (c.agent.seen.get(c.chatId)!.size < rows[0]!.n) return false;
        }
        return true;
      },
      20_000,
      'every agent to have seen every stored message',
    ).catch(async (error: unknown) => {
      for (const c of conversations) {
        const { rows } = await admin.query<{ seq: number }>('SELECT seq FROM messages WHERE chat_id = $1 ORDER BY seq', [c.chatId]);
        const missing = rows.map((row) => row.seq).filter((seq) => !c.agent.seen.get(c.chatId)!.has(seq));
        if (missing.length > 0) console.log(`[diagnostics] chat ${c.chatId}: stored ${rows.length} seen ${c.agent.seen.get(c.chatId)!.size} connects ${c.agent.stats.connects}/${c.visitor.stats.connects} connected ${c.agent.socket.connected} missing ${missing.slice(0, 10).join(',')} refusals ${JSON.stringify([...c.agent.stats.refusals])}`);
      }
      throw error;
    });
    let sent = 0;
    let stored = 0;
    let seen = 0;
    let lost = 0;
    let duplicated = 0;
    let outOfOrder = 0;
    for (const c of conversations) {
      const { rows } = await admin.query<{ id: string; seq: number; client_id: string }>('SELECT id, seq, client_id FROM messages WHERE chat_id = $1 ORDER BY seq', [c.chatId]);
      const storedIds = new Set(rows.map((row) => row.id));
      sent += new Set(c.sent).size;
      stored += rows.length;
      seen += c.agent.seen.get(c.chatId)!.size;
      lost += c.acked.filter((message) => !storedIds.has(message.id) || !c.agent.seen.get(c.chatId)!.has(message.seq)).length;
      duplicated += rows.length - new Set(rows.map((row) => row.client_id)).size + c.agent.duplicateArrivals;
      // The visitor wrote them one after another: their seqs must rise in that order.
      outOfOrder += c.acked.filter((message, i) => i > 0 && message.seq <= c.acked[i - 1]!.seq).length;
      expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => i + 1));
    }
    const totalAcked = acked();
    expect({ lost, duplicated, outOfOrder }).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0 });
    expect(totalAcked).toBe(chats * perChat);
    expect(stored).toBe(totalAcked);
    console.log(
      `[figures] node SIGKILL during ${chats * perChat} messages (${chats} chats, 2 nodes, PostgreSQL + Redis, TCP balancer): ` +
        `sent ${sent}, acked ${totalAcked}, stored ${stored}, seen ${seen}, lost ${lost}, duplicated ${duplicated}, out of order ${outOfOrder}; ` +
        `killed after ${Math.round(totalAcked / 3)}+ acks; ${moved.length}/${clients.length} sockets moved to the survivor, the last ${(failoverMs / 1000).toFixed(1)} s after the kill; ` +
        `resends ${conversations.reduce((sum, c) => sum + c.visitor.stats.resends, 0)}`,
    );
  }, 120_000);

  it('takes the agents of a dead node offline on the survivor and withdraws their offers', async () => {
    const survivor = cluster.nodes[1]!;
    const doomed = await cluster.addNode();
    const login = await logIn({ url: doomed.url }, 'ghost', 'secret-pass');
    const ghost = await connectResilient(doomed.url, login.session.token);
    const available = async () =>
      ((await (await fetch(`${survivor.url}/v1/agents/available?rooms=ghost-room`)).json()) as { agents: Record<string, number> }).agents['ghost-room'];
    await waitUntil(async () => (await available()) === 1, 10_000, 'the ghost agent online');

    const { user, session } = await signUp({ url: survivor.url }, { name: 'Waiting for a ghost' });
    const vera = await connectResilient(survivor.url, session.token);
    const { chat } = await vera.send('chats:create', { room: 'ghost-room', source: 'web', creator: user.id });
    const assigned = await vera.send('chats:assign', { chatId: chat.id, interval: 120, maxAttempts: 3 });
    expect(assigned.chat.status).toBe('offered');

    const killedAt = Date.now();
    await doomed.kill();
    ghost.close();
    const offlineMs = await waitUntil(async () => (await available()) === 0, 40_000, 'the ghost agent offline on the survivor');
    // Its offer is withdrawn with it: the chat waits in the queue again, and no offer row is left.
    const { chat: after } = await vera.send('chats:get', { chatId: chat.id });
    expect(after.status).toBe('waiting');
    const { rows } = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM offers WHERE agent_id = 'ghost'");
    expect(rows[0]!.n).toBe(0);
    const seconds = (Date.now() - killedAt) / 1000;
    expect(seconds).toBeLessThanOrEqual(30);
    vera.close();
    console.log(
      `[figures] dead-node presence: the agent of a SIGKILLed node offline on the survivor after ${(offlineMs / 1000).toFixed(1)} s ` +
        `(bound 20 s: lease 15 s + heartbeat 5 s), its pending offer withdrawn, chat back to waiting`,
    );
  }, 90_000);
});
