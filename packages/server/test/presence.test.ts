import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Chat } from '@parley/protocol';
import type { Participant, TestServer, TwoNodes } from './harness';
import { agent, connectParticipant, logIn, startTestServer, startTwoNodes, visitor } from './harness';

/**
 * Agents' presence follows their sockets (src/presence.ts): online with the first socket, offline
 * once the last one has been gone for the grace period (50 ms in tests), which withdraws their
 * pending offers; `away` is the agent's own choice and survives reconnects.
 *
 * Nothing here waits a fixed time. Where a test must know that presence has looked and decided to
 * do nothing, it watches the check itself (the engine and socket.io calls presence makes).
 */
describe('agent presence', () => {
  let server: TestServer;
  const open: Participant[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => {
    for (const participant of open.splice(0)) participant.close();
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await server.stop();
  });

  const poll = { timeout: 10_000, interval: 20 };

  async function onlineAgent(username: string, rooms: string[]): Promise<Participant> {
    const participant = await agent(server, username, rooms);
    open.push(participant);
    return participant;
  }

  /** Another socket of an existing agent, signed in again over REST. Does not wait for any status. */
  async function anotherSocket(username: string): Promise<Participant> {
    const { user, session } = await logIn(server, username, 'secret-pass');
    const participant = await connectParticipant(server, user, session.token);
    open.push(participant);
    return participant;
  }

  async function statusOf(userId: string): Promise<string | undefined> {
    return (await server.engine.getUser(userId))?.status;
  }

  async function availableIn(room: string): Promise<number> {
    const response = await fetch(`${server.url}/v1/agents/available?rooms=${room}`);
    return ((await response.json()) as { agents: Record<string, number> }).agents[room] ?? -1;
  }

  function statusEvents(participant: Participant, userId: string): string[] {
    return participant.received('agent:status').filter((payload) => payload.userId === userId).map((payload) => payload.status);
  }

  /** Records the status changes presence asks the engine for from now on. */
  function watchStatusChanges() {
    const execute = vi.spyOn(server.engine, 'execute');
    // Presence's own changes are conditional (setAgentStatusIf): asked for, whatever the outcome.
    const conditional = vi.spyOn(server.engine, 'setAgentStatusIf');
    return (userId: string) => [
      ...execute.mock.calls.filter(([actor, event]) => actor.id === userId && event === 'agents:status').map(([, , command]) => command),
      ...conditional.mock.calls.filter(([id]) => id === userId).map(([, , status]) => ({ status })),
    ];
  }

  /** Resolves once presence has read `userId` (on connect, or when the grace ran out) and acted on it. */
  function watchPresenceReads() {
    const getUser = vi.spyOn(server.engine, 'getUser');
    getUser.mockClear();
    return async (userId: string) => {
      await vi.waitFor(() => {
        const settled = getUser.mock.calls.some(([id], index) => id === userId && getUser.mock.settledResults[index]?.type === 'fulfilled');
        expect(settled).toBe(true);
      }, poll);
      // Presence continues right after the read resolves: let that continuation run.
      await new Promise((resolve) => setImmediate(resolve));
    };
  }

  /** Resolves once presence has counted `userId`'s sockets after the grace ran out. */
  function watchSocketCounts() {
    const counts: { room: string; result: Promise<unknown> }[] = [];
    const original = server.io.in.bind(server.io);
    vi.spyOn(server.io, 'in').mockImplementation((room) => {
      const operator = original(room);
      const fetchSockets = operator.fetchSockets.bind(operator);
      operator.fetchSockets = () => {
        const result = fetchSockets();
        counts.push({ room: String(room), result });
        return result;
      };
      return operator;
    });
    return async (userId: string) => {
      await vi.waitFor(() => expect(counts.some((count) => count.room === `user:${userId}`)).toBe(true), poll);
      await Promise.all(counts.map((count) => count.result));
      await new Promise((resolve) => setImmediate(resolve));
    };
  }

  it("brings an agent online with its first socket and tells colleagues of its rooms, not others'", async () => {
    const colleague = await onlineAgent('p1-colleague', ['p1-support']);
    const stranger = await onlineAgent('p1-stranger', ['p1-other']);
    await server.addAgent({ username: 'p1-new', password: 'secret-pass', name: 'New', rooms: ['p1-support', 'p1-sales'] });
    expect(await statusOf('p1-new')).toBe('offline');

    const fresh = await anotherSocket('p1-new');
    expect(await colleague.waitFor('agent:status', (payload) => payload.userId === 'p1-new')).toEqual({ userId: 'p1-new', status: 'online' });
    expect(await fresh.waitFor('agent:status', (payload) => payload.userId === 'p1-new')).toEqual({ userId: 'p1-new', status: 'online' });
    expect(await statusOf('p1-new')).toBe('online');
    expect(await availableIn('p1-support')).toBe(2);
    expect(await availableIn('p1-sales')).toBe(1);

    // A barrier for the stranger: an event from its own room, sent after p1-new came online.
    const roommate = await onlineAgent('p1-roommate', ['p1-other']);
    await stranger.waitFor('agent:status', (payload) => payload.userId === roommate.user.id);
    expect(statusEvents(stranger, 'p1-new')).toEqual([]);
  });

  it('does not announce an agent again when it opens a second socket', async () => {
    const colleague = await onlineAgent('p2-colleague', ['p2-support']);
    const first = await onlineAgent('p2-agent', ['p2-support']);
    await colleague.waitFor('agent:status', (payload) => payload.userId === 'p2-agent' && payload.status === 'online');

    const presenceRead = watchPresenceReads();
    const changes = watchStatusChanges();
    await anotherSocket('p2-agent');
    await presenceRead('p2-agent');
    expect(changes('p2-agent')).toEqual([]);

    // An event after the second connect: the colleague sees online once, then this.
    await first.send('agents:status', { status: 'away' });
    await colleague.waitFor('agent:status', (payload) => payload.userId === 'p2-agent' && payload.status === 'away');
    expect(statusEvents(colleague, 'p2-agent')).toEqual(['online', 'away']);
  });

  it('an agent that says away the moment its socket connects stays away: the connection\'s own "online" does not overwrite it', async () => {
    const colleague = await onlineAgent('p12-colleague', ['p12-support']);
    await server.addAgent({ username: 'p12-amy', password: 'secret-pass', name: 'Agent p12-amy', rooms: ['p12-support'], capacity: 3 });
    const { user, session } = await logIn(server, 'p12-amy', 'secret-pass');
    // Presence reads the offline agent as the socket connects, then writes "online". The agent's
    // "away" lands in between (held here so it always does): it came last, and must stand.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const connection = server.engine.agentConnection.bind(server.engine);
    const read = vi.spyOn(server.engine, 'agentConnection').mockImplementation(async (id) => {
      const result = await connection(id);
      if (id === 'p12-amy') await released;
      return result;
    });
    const execute = vi.spyOn(server.engine, 'execute');
    const conditional = vi.spyOn(server.engine, 'setAgentStatusIf');
    const amy = await connectParticipant(server, user, session.token);
    open.push(amy);
    await vi.waitFor(() => expect(read).toHaveBeenCalledWith('p12-amy'), poll);
    expect((await amy.send('agents:status', { status: 'away' })).user).toMatchObject({ id: 'p12-amy', status: 'away' });
    release();
    // Presence's write has been tried (and has finished) once one of its calls for the agent settled.
    const presenceWrites = () => [
      ...execute.mock.calls.flatMap(([actor, event, command], index) =>
        actor.id === 'p12-amy' && event === 'agents:status' && (command as { status: string }).status === 'online' ? [execute.mock.settledResults[index]] : [],
      ),
      ...conditional.mock.calls.flatMap(([id], index) => (id === 'p12-amy' ? [conditional.mock.settledResults[index]] : [])),
    ];
    await vi.waitFor(() => expect(presenceWrites().some((result) => result?.type === 'fulfilled')).toBe(true), poll);
    expect(await statusOf('p12-amy')).toBe('away');
    expect(await availableIn('p12-support')).toBe(1); // the colleague only
    expect(statusEvents(colleague, 'p12-amy').at(-1)).toBe('away');
  });

  it('an agent that says offline the moment its socket connects stays offline and is offered nothing: the connection\'s own "online" does not overwrite it', async () => {
    // Away, so the chat below waits in the queue for whoever comes online, and still hears of statuses.
    const colleague = await onlineAgent('p13-colleague', ['p13-support']);
    await colleague.send('agents:status', { status: 'away' });
    const vera = await visitor(server, 'Vera');
    open.push(vera);
    const { chat } = await vera.send('chats:create', { room: 'p13-support', source: 'web', creator: vera.user.id });
    await vera.send('chats:assign', { chatId: chat.id, interval: 600 });
    await server.addAgent({ username: 'p13-olga', password: 'secret-pass', name: 'Agent p13-olga', rooms: ['p13-support'], capacity: 3 });
    const { user, session } = await logIn(server, 'p13-olga', 'secret-pass');
    // Presence reads the offline agent as the socket connects, then writes "online". The agent's
    // "offline" lands in between (held here so it always does). It changes no status (the agent is
    // offline until presence's write), yet it came last, and must stand.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const connection = server.engine.agentConnection.bind(server.engine);
    const read = vi.spyOn(server.engine, 'agentConnection').mockImplementation(async (id) => {
      const result = await connection(id);
      if (id === 'p13-olga') await released;
      return result;
    });
    const execute = vi.spyOn(server.engine, 'execute');
    const conditional = vi.spyOn(server.engine, 'setAgentStatusIf');
    const olga = await connectParticipant(server, user, session.token);
    open.push(olga);
    await vi.waitFor(() => expect(read).toHaveBeenCalledWith('p13-olga'), poll);
    expect((await olga.send('agents:status', { status: 'offline' })).user).toMatchObject({ id: 'p13-olga', status: 'offline' });
    release();
    // Presence's write has been tried (and has finished) once one of its calls for the agent settled.
    const presenceWrites = () => [
      ...execute.mock.calls.flatMap(([actor, event, command], index) =>
        actor.id === 'p13-olga' && event === 'agents:status' && (command as { status: string }).status === 'online' ? [execute.mock.settledResults[index]] : [],
      ),
      ...conditional.mock.calls.flatMap(([id], index) => (id === 'p13-olga' ? [conditional.mock.settledResults[index]] : [])),
    ];
    await vi.waitFor(() => expect(presenceWrites().some((result) => result?.type === 'fulfilled')).toBe(true), poll);
    expect(await statusOf('p13-olga')).toBe('offline');
    expect(await availableIn('p13-support')).toBe(0);
    expect(((await vera.send('chats:get', { chatId: chat.id })) as { chat: Chat }).chat).toMatchObject({ status: 'waiting' });

    // Until it says otherwise: only then do colleagues hear of it, and the waiting chat is offered.
    await olga.send('agents:status', { status: 'online' });
    expect(await olga.waitFor('invitation:new', (payload) => payload.chat.id === chat.id)).toMatchObject({ chat: { id: chat.id, status: 'offered' } });
    await colleague.waitFor('agent:status', (payload) => payload.userId === 'p13-olga' && payload.status === 'online');
    expect(statusEvents(colleague, 'p13-olga')).toEqual(['online']);
    expect(olga.received('invitation:new').map((payload) => payload.chat.id)).toEqual([chat.id]);
  });

  it('keeps an agent that chose away away when it reconnects, and when its sockets close', async () => {
    const colleague = await onlineAgent('p3-colleague', ['p3-support']);
    const amy = await onlineAgent('p3-amy', ['p3-support']);
    expect((await amy.send('agents:status', { status: 'away' })).user).toMatchObject({ id: 'p3-amy', status: 'away' });
    await colleague.waitFor('agent:status', (payload) => payload.userId === 'p3-amy' && payload.status === 'away');
    expect(await availableIn('p3-support')).toBe(1);

    // The last socket closes: once the grace has run out, presence looks and leaves `away` alone.
    const graceRead = watchPresenceReads();
    const changes = watchStatusChanges();
    amy.close();
    await graceRead('p3-amy');
    expect(changes('p3-amy')).toEqual([]);
    expect(await statusOf('p3-amy')).toBe('away');

    // It comes back: still away, not counted as available.
    const connectRead = watchPresenceReads();
    const again = await anotherSocket('p3-amy');
    await connectRead('p3-amy');
    expect(changes('p3-amy')).toEqual([]);
    expect(await statusOf('p3-amy')).toBe('away');
    expect(await availableIn('p3-support')).toBe(1); // the colleague only
    expect(statusEvents(colleague, 'p3-amy')).toEqual(['online', 'away']);

    // Until it says otherwise.
    await again.send('agents:status', { status: 'online' });
    await colleague.waitFor('agent:status', (payload) => payload.userId === 'p3-amy' && payload.status === 'online' && statusEvents(colleague, 'p3-amy').length === 3);
    expect(await availableIn('p3-support')).toBe(2);
  });

  it('takes an agent offline once its last socket has been gone for the grace period, not before', async () => {
    const colleague = await onlineAgent('p4-colleague', ['p4-support']);
    const first = await onlineAgent('p4-agent', ['p4-support']);
    const second = await anotherSocket('p4-agent');

    // One of two sockets closes: presence counts the other and keeps the agent online.
    const counted = watchSocketCounts();
    const changes = watchStatusChanges();
    first.close();
    await counted('p4-agent');
    expect(changes('p4-agent')).toEqual([]);
    expect(await statusOf('p4-agent')).toBe('online');
    expect(await availableIn('p4-support')).toBe(2);

    // The last one closes: offline, and colleagues hear of it.
    second.close();
    expect(await colleague.waitFor('agent:status', (payload) => payload.userId === 'p4-agent' && payload.status === 'offline')).toEqual({
      userId: 'p4-agent',
      status: 'offline',
    });
    expect(await statusOf('p4-agent')).toBe('offline');
    expect(await availableIn('p4-support')).toBe(1);
    expect(statusEvents(colleague, 'p4-agent')).toEqual(['online', 'offline']);
  });

  it('replays pending offers to a new socket of the invited agent (a reloaded console), with their deadlines', async () => {
    const ann = await onlineAgent('p9-ann', ['p9-support']);
    const vera = await visitor(server, 'Vera');
    open.push(vera);
    const { chat } = await vera.send('chats:create', { room: 'p9-support', source: 'web', creator: vera.user.id });
    await vera.send('chats:assign', { chatId: chat.id, interval: 600 });
    const offer = await ann.waitFor('invitation:new', (payload) => payload.chat.id === chat.id);

    const reloaded = await anotherSocket('p9-ann');
    const replayed = await reloaded.waitFor('invitation:new', (payload) => payload.chat.id === chat.id);
    expect(replayed).toEqual(offer);
    expect(await reloaded.send('invitations:accept', { chatId: chat.id })).toMatchObject({ chat: { status: 'active', assignee: 'p9-ann' } });

    // Nothing is replayed once answered, and nothing to anyone else.
    const later = await anotherSocket('p9-ann');
    const vera2 = await visitor(server, 'Vera2');
    open.push(vera2);
    const { chat: other } = await vera2.send('chats:create', { room: 'p9-support', source: 'web', creator: vera2.user.id });
    await vera2.send('chats:assign', { chatId: other.id, interval: 600 });
    await later.waitFor('invitation:new', (payload) => payload.chat.id === other.id);
    expect(later.received('invitation:new').map((payload) => payload.chat.id)).toEqual([other.id]);
  });

  it("withdraws an offline agent's pending offer: the chat goes to another agent", async () => {
    const ann = await onlineAgent('p6-ann', ['p6-support']);
    const vera = await visitor(server, 'Vera');
    open.push(vera);
    const { chat } = await vera.send('chats:create', { room: 'p6-support', source: 'web', creator: vera.user.id });
    await vera.send('chats:assign', { chatId: chat.id, interval: 600 });
    const offer = await ann.waitFor('invitation:new', (payload) => payload.chat.id === chat.id);
    expect(offer.chat.status).toBe('offered');

    // A colleague comes online while Ann holds the offer: nothing for it yet.
    const ben = await onlineAgent('p6-ben', ['p6-support']);
    expect(ben.received('invitation:new')).toEqual([]);

    ann.close();
    await ben.waitFor('agent:status', (payload) => payload.userId === 'p6-ann' && payload.status === 'offline');
    const moved = await ben.waitFor('invitation:new', (payload) => payload.chat.id === chat.id);
    expect(moved.chat).toMatchObject({ id: chat.id, status: 'offered' });
    expect(await ben.send('invitations:accept', { chatId: chat.id })).toMatchObject({ chat: { id: chat.id, status: 'active', assignee: 'p6-ben' } });
    const joined = await vera.waitFor('user:joined', (payload) => payload.chatId === chat.id);
    expect(joined.user.id).toBe('p6-ben');
  });

  it("withdraws an offline agent's pending offer: with nobody else, the chat waits, and is offered when an agent returns", async () => {
    const cleo = await onlineAgent('p7-cleo', ['p7-support']);
    const vera = await visitor(server, 'Vera');
    open.push(vera);
    const { chat } = await vera.send('chats:create', { room: 'p7-support', source: 'web', creator: vera.user.id });
    await vera.send('chats:assign', { chatId: chat.id, interval: 600 });
    await cleo.waitFor('invitation:new', (payload) => payload.chat.id === chat.id);
    await vera.waitFor('chat:updated', (payload) => payload.chat.id === chat.id && payload.chat.status === 'offered');
    const updatesBefore = vera.received('chat:updated').length;

    cleo.close();
    await vi.waitFor(() => {
      const later = vera.received('chat:updated').slice(updatesBefore);
      expect(later.map((payload) => payload.chat)).toContainEqual(expect.objectContaining({ id: chat.id, status: 'waiting' }));
    }, poll);
    expect(await statusOf('p7-cleo')).toBe('offline');
    const { chat: waiting } = (await vera.send('chats:get', { chatId: chat.id })) as { chat: Chat };
    expect(waiting.status).toBe('waiting');
    expect(waiting.assignee).toBeUndefined();
    expect(vera.received('forever:alone')).toEqual([]);
    expect(await availableIn('p7-support')).toBe(0);

    // Cleo is back: online again, and the waiting chat is offered to her.
    const back = await anotherSocket('p7-cleo');
    await back.waitFor('agent:status', (payload) => payload.userId === 'p7-cleo' && payload.status === 'online');
    const offer = await back.waitFor('invitation:new', (payload) => payload.chat.id === chat.id);
    expect(offer.chat.status).toBe('offered');
  });

  it('brings an away agent back online on user:focus, and leaves an online one alone', async () => {
    const colleague = await onlineAgent('p8-colleague', ['p8-support']);
    const dora = await onlineAgent('p8-dora', ['p8-support']);

    const changes = watchStatusChanges();
    expect(await dora.send('user:focus', {})).toEqual({});
    expect(await statusOf('p8-dora')).toBe('online');
    expect(changes('p8-dora')).toEqual([]);

    await dora.send('agents:status', { status: 'away' });
    await colleague.waitFor('agent:status', (payload) => payload.userId === 'p8-dora' && payload.status === 'away');
    expect(await availableIn('p8-support')).toBe(1);

    expect(await dora.send('user:focus', {})).toEqual({});
    await colleague.waitFor('agent:status', (payload) => payload.userId === 'p8-dora' && payload.status === 'online' && statusEvents(colleague, 'p8-dora').length === 3);
    expect(statusEvents(colleague, 'p8-dora')).toEqual(['online', 'away', 'online']);
    expect(await statusOf('p8-dora')).toBe('online');
    expect(await availableIn('p8-support')).toBe(2);
  });

  it('lets an away agent come back with user:focus on a chat of its room, and takes queued work', async () => {
    const eve = await onlineAgent('p9-eve', ['p9-support']);
    await eve.send('agents:status', { status: 'away' });
    const vera = await visitor(server, 'Vera');
    open.push(vera);
    const { chat } = await vera.send('chats:create', { room: 'p9-support', source: 'web', creator: vera.user.id });
    await vera.send('chats:assign', { chatId: chat.id, interval: 600 });
    // Away: nothing offered.
    const { chat: queued } = (await vera.send('chats:get', { chatId: chat.id })) as { chat: Chat };
    expect(queued.status).toBe('waiting');

    await eve.send('user:focus', { chatId: chat.id });
    const offer = await eve.waitFor('invitation:new', (payload) => payload.chat.id === chat.id);
    expect(offer.chat.status).toBe('offered');
    expect(await statusOf('p9-eve')).toBe('online');
  });

  it('does not bring a visitor or an offline-by-choice agent anything on user:focus', async () => {
    const vera = await visitor(server, 'Vera');
    open.push(vera);
    expect(await vera.send('user:focus', {})).toEqual({});
    expect((await server.engine.getUser(vera.user.id))?.status).toBeUndefined();

    const olga = await onlineAgent('p10-olga', ['p10-support']);
    await olga.send('agents:status', { status: 'offline' });
    await olga.send('user:focus', {});
    expect(await statusOf('p10-olga')).toBe('offline');
  });
});

describe('agent presence, two nodes, an agent who hops between them', () => {
  let nodes: TwoNodes;
  let nodeA: TestServer;
  let nodeB: TestServer;
  const open: Participant[] = [];
  const graceMs = 1_000;

  beforeAll(async () => {
    nodes = await startTwoNodes({ presenceGraceMs: graceMs });
    ({ nodeA, nodeB } = nodes);
  });
  afterAll(async () => {
    for (const participant of open.splice(0)) participant.close();
    await nodes?.stop();
  });

  it('stays online through a reload soon after a hop: the grace runs from the last socket gone, not the first', async () => {
    const ada = await agent(nodeA, 'ada-hops');
    // A colleague sees every status change of hers.
    const bea = await agent(nodeA, 'bea-watching');
    open.push(bea);
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // Node A's socket goes (its check is due a grace later); the agent is back at once, on node B.
    ada.close();
    const onB = await connectParticipant(nodeB, ada.user, ada.token);
    // A reload on node B just before node A's check: gone for a moment only, back after that check.
    await sleep(graceMs * 0.7);
    onB.close();
    await sleep(graceMs * 0.5);
    const back = await connectParticipant(nodeA, ada.user, ada.token);
    open.push(back);
    // Past node B's check too.
    await sleep(graceMs);
    expect(bea.received('agent:status').filter((payload) => payload.userId === ada.user.id).map((payload) => payload.status)).toEqual([]);
  });
});
