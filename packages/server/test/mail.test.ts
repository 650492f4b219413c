import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './harness';
import { agent, connectParticipant, signUp, startTestServer } from './harness';
import type { SmtpReceiver } from './smtpReceiver';
import { startSmtpReceiver } from './smtpReceiver';

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** POST with a bearer token; the answer's status and JSON body (if any). */
async function postAs(url: string, token: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('e-mail through SMTP (an in-process smtp-server)', () => {
  let smtp: SmtpReceiver;
  let server: TestServer;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    server = await startTestServer({
      smtpUrl: smtp.url,
      mailFrom: 'Support <support@example.com>',
      roomSettings: { support: { teamEmail: ['team@example.com', 'lead@example.com'] } },
      outbox: { pollMs: 50, retry: { baseDelayMs: 50, maxDelayMs: 200 } },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
  });

  it('e-mails a message left while nobody was online to the team, and the reply to the visitor (and into the widget)', async () => {
    // The room's agent exists but is offline: the widget shows "leave a message".
    await server.addAgent({ username: 'ada', password: 'secret-pass', name: 'Ada Agent', rooms: ['support'] });
    const { user, session } = await signUp(server, { name: 'Vera', contact: 'vera@example.com' });
    const vera = await connectParticipant(server, user, session.token);
    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: user.id });
    await vera.send('messages:send', { chatId: chat.id, clientId: 'left-1', type: 'text', message: 'My order #42 never arrived' });
    await vera.send('chats:assign', { chatId: chat.id });

    const toTeam = await smtp.waitFor((mail) => mail.to.includes('team@example.com'));
    expect(toTeam.to).toEqual(['team@example.com', 'lead@example.com']);
    expect(toTeam.from).toBe('support@example.com');
    expect(toTeam.subject).toBe('Message from Vera (support)');
    expect(toTeam.headers.get('reply-to')).toBe('vera@example.com');
    expect(toTeam.text).toContain('My order #42 never arrived');
    expect(toTeam.text).toContain(chat.id);

    // Ada comes online, is offered the waiting chat, and answers from the console.
    // The chat says how it began (Chat.origin), in the invitation and every read after: the console marks it.
    expect(chat.origin).toBeUndefined();
    const ada = await agent(server, 'ada');
    const invitation = await ada.waitFor('invitation:new', (invitation) => invitation.chat.id === chat.id);
    expect(invitation.chat.origin).toBe('offline-message');
    const accepted = await ada.send('invitations:accept', { chatId: chat.id });
    expect(accepted.chat.origin).toBe('offline-message');
    expect((await ada.send('chats:get', { chatId: chat.id })).chat.origin).toBe('offline-message');
    await ada.send('messages:send', { chatId: chat.id, clientId: 'reply-1', type: 'text', message: 'Sorry! A new parcel is on its way.' });

    const reply = await smtp.waitFor((mail) => mail.to.includes('vera@example.com'));
    expect(reply.subject).toBe('Re: your message to support');
    expect(reply.text).toContain('A new parcel is on its way.');
    expect(reply.text).toContain('Agent ada answered');
    // ...and in the widget: the chat's own message.
    await vera.waitFor('message:received', ({ message }) => message.message === 'Sorry! A new parcel is on its way.');
    // The team heard of the left message once; nothing else went to them.
    expect(smtp.mails.filter((mail) => mail.to.includes('team@example.com'))).toHaveLength(1);
    vera.close();
    ada.close();
  });

  it("pushes chat:updated with origin 'offline-message' to the room's agents and the visitor when a chat becomes one", async () => {
    await server.administration.createRoom('test', { name: 'lobby', teamEmail: 'lobby@example.com' });
    // Connected but away: nobody of the room is online, yet the agent's queue view follows its chats.
    const gus = await agent(server, 'gus', ['lobby']);
    await gus.send('agents:status', { status: 'away' });
    const { user, session } = await signUp(server, { name: 'Nia', contact: 'nia@example.com' });
    const nia = await connectParticipant(server, user, session.token);
    const { chat } = await nia.send('chats:create', { room: 'lobby', source: 'web', creator: user.id });
    await nia.send('chats:assign', { chatId: chat.id });
    await nia.send('messages:send', { chatId: chat.id, clientId: 'lobby-1', type: 'text', message: 'Is the lobby open on Sundays?' });

    const becameOffline = (payload: { chat: { id: string; origin?: string } }) => payload.chat.id === chat.id && payload.chat.origin === 'offline-message';
    expect((await gus.waitFor('chat:updated', becameOffline)).chat).toMatchObject({ id: chat.id, room: 'lobby', status: 'waiting', origin: 'offline-message' });
    await nia.waitFor('chat:updated', becameOffline);
    await smtp.waitFor((mail) => mail.to.includes('lobby@example.com'));
    // Once: the visitor's next message leaves the chat as it is.
    await nia.send('messages:send', { chatId: chat.id, clientId: 'lobby-2', type: 'text', message: 'Or Saturdays?' });
    await smtp.waitFor((mail) => mail.to.includes('lobby@example.com') && mail.text.includes('Or Saturdays?'));
    expect(gus.received('chat:updated').filter(becameOffline)).toHaveLength(1);
    nia.close();
    gus.close();
  });

  it("keeps the team's addresses off the public room info", async () => {
    const response = await fetch(`${server.url}/v1/rooms/support`);
    expect(await response.json()).toEqual({ room: { name: 'support' } });
  });

  it('e-mails offline messages of an admin-managed room to the teamEmail an admin set; visitors never see it', async () => {
    await server.addAgent({ username: 'room-admin', password: 'admin-password', name: 'Room Admin', rooms: [], admin: true });
    await server.addAgent({ username: 'bill', password: 'secret-pass', name: 'Bill Agent', rooms: ['billing'] });
    const token = (await server.tokens.issue({ sub: 'room-admin', role: 'agent', name: 'Room Admin' })).token;
    // Bad addresses are refused, and nothing is stored.
    expect((await postAs(`${server.url}/v1/admin/rooms`, token, { name: 'billing', teamEmail: 'not-an-address' })).status).toBe(400);
    expect((await postAs(`${server.url}/v1/admin/rooms`, token, { name: 'billing', teamEmail: [] })).status).toBe(400);
    const created = await postAs(`${server.url}/v1/admin/rooms`, token, { name: 'billing', teamEmail: 'billing@example.com' });
    expect(created).toMatchObject({ status: 201, body: { room: { name: 'billing', teamEmail: 'billing@example.com' } } });
    const updated = await postAs(`${server.url}/v1/admin/rooms/billing`, token, { teamEmail: ['money@example.com', 'cfo@example.com'] });
    expect(updated).toMatchObject({ status: 200, body: { room: { teamEmail: ['money@example.com', 'cfo@example.com'] } } });
    expect(await (await fetch(`${server.url}/v1/rooms/billing`)).json()).toEqual({ room: { name: 'billing' } });

    const { user, session } = await signUp(server, { name: 'Walt', contact: 'walt@example.com' });
    const walt = await connectParticipant(server, user, session.token);
    const { chat } = await walt.send('chats:create', { room: 'billing', source: 'web', creator: user.id });
    await walt.send('messages:send', { chatId: chat.id, clientId: 'left-b', type: 'text', message: 'Invoice 7 is wrong' });
    const toTeam = await smtp.waitFor((mail) => mail.to.includes('money@example.com'));
    expect(toTeam.to).toEqual(['money@example.com', 'cfo@example.com']);
    expect(toTeam.text).toContain('Invoice 7 is wrong');
    expect(smtp.mails.some((mail) => mail.to.includes('billing@example.com'))).toBe(false);
    walt.close();
  });

  it('tells of files in an offline message and in a reply: the team and the visitor learn a file was sent', async () => {
    await server.administration.createRoom('test', { name: 'parcels', teamEmail: 'parcels@example.com' });
    await server.addAgent({ username: 'fay', password: 'secret-pass', name: 'Fay Agent', rooms: ['parcels'] });
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082', 'hex');
    const upload = async (chatId: string, token: string, name: string) => {
      const response = await fetch(`${server.url}/v1/chats/${chatId}/files?name=${name}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: png });
      expect(response.status).toBe(201);
      return ((await response.json()) as { file: { id: string } }).file.id;
    };
    const { user, session } = await signUp(server, { name: 'Pia', contact: 'pia@example.com' });
    const pia = await connectParticipant(server, user, session.token);
    const { chat } = await pia.send('chats:create', { room: 'parcels', source: 'web', creator: user.id });
    await pia.send('messages:send', { chatId: chat.id, clientId: 'p-file', type: 'file', fileId: await upload(chat.id, session.token, 'damaged.png'), message: 'the box as it came' });
    await pia.send('chats:assign', { chatId: chat.id });
    const toTeam = await smtp.waitFor((mail) => mail.to.includes('parcels@example.com'));
    expect(toTeam.text).toContain('[file: damaged.png, image/png, 67 bytes]');
    expect(toTeam.text).toContain('the box as it came');

    const fay = await agent(server, 'fay', ['parcels']);
    await fay.waitFor('invitation:new', (invitation) => invitation.chat.id === chat.id);
    await fay.send('invitations:accept', { chatId: chat.id });
    await fay.send('messages:send', { chatId: chat.id, clientId: 'f-file', type: 'file', fileId: await upload(chat.id, fay.token, 'label.png') });
    const reply = await smtp.waitFor((mail) => mail.to.includes('pia@example.com'));
    expect(reply.text).toContain('[file: label.png, image/png, 67 bytes]');
    pia.close();
    fay.close();
  });

  it('sends no e-mail for a chat answered live', async () => {
    const bob = await agent(server, 'bob', ['live']);
    const { user, session } = await signUp(server, { name: 'Walt', contact: 'walt@example.com' });
    const walt = await connectParticipant(server, user, session.token);
    const { chat } = await walt.send('chats:create', { room: 'live', source: 'web', creator: user.id });
    await walt.send('chats:assign', { chatId: chat.id });
    await bob.waitFor('invitation:new', (invitation) => invitation.chat.id === chat.id);
    await bob.send('invitations:accept', { chatId: chat.id });
    await walt.send('messages:send', { chatId: chat.id, clientId: 'w1', type: 'text', message: 'hi' });
    await bob.send('messages:send', { chatId: chat.id, clientId: 'b1', type: 'text', message: 'hello live' });
    await walt.waitFor('message:received', ({ message }) => message.message === 'hello live');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(smtp.mails.filter((mail) => mail.to.includes('walt@example.com'))).toEqual([]);
    // A live chat has no origin.
    expect((await bob.send('chats:get', { chatId: chat.id })).chat.origin).toBeUndefined();
    walt.close();
    bob.close();
  });

  it('e-mails the transcript on request, to the visitor or the address given; bad requests are refused', async () => {
    const cyd = await agent(server, 'cyd', ['sales']);
    const { user, session } = await signUp(server, { name: 'Xena', contact: 'xena@example.com' });
    const xena = await connectParticipant(server, user, session.token);
    const { chat } = await xena.send('chats:create', { room: 'sales', source: 'web', creator: user.id });
    await xena.send('history:import', { chatId: chat.id, history: [{ created: 1_700_000_000, type: 'text', sender: 'assistant', message: 'I am the bot' }] });
    await xena.send('chats:assign', { chatId: chat.id });
    await cyd.waitFor('invitation:new', (invitation) => invitation.chat.id === chat.id);
    await cyd.send('invitations:accept', { chatId: chat.id });
    await xena.send('messages:send', { chatId: chat.id, clientId: 'x1', type: 'text', message: 'What does it cost?' });
    await cyd.send('messages:send', { chatId: chat.id, clientId: 'c1', type: 'text', message: '10 euros a month' });
    await xena.send('chats:close', { chatId: chat.id, userId: user.id });

    const url = `${server.url}/v1/chats/${chat.id}/transcript`;
    expect(await postAs(url, session.token, {})).toEqual({ status: 202, body: { queued: true, to: 'xena@example.com' } });
    const transcript = await smtp.waitFor((mail) => mail.to.includes('xena@example.com'));
    expect(transcript.subject).toBe('Your chat transcript (sales)');
    const order = ['Assistant (imported):', 'I am the bot', 'Xena:', 'What does it cost?', 'Agent cyd:', '10 euros a month'].map((line) => transcript.text.indexOf(line));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    // The agent may ask too, to another address.
    expect((await postAs(url, cyd.token, { email: 'archive@example.com' })).status).toBe(202);
    await smtp.waitFor((mail) => mail.to.includes('archive@example.com'));

    // Someone who may not see the chat gets the answer for a missing one; bad input is refused.
    const other = await signUp(server, { name: 'Other' });
    expect(await postAs(url, other.session.token, {})).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(await postAs(url, session.token, { email: 'not an address' })).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });
    expect(await postAs(url, session.token, { email: 'a@b.co', extra: 1 })).toMatchObject({ status: 400 });
    expect(await postAs(url, 'garbage', {})).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(await postAs(`${server.url}/v1/chats/nope/transcript`, session.token, {})).toMatchObject({ status: 404 });
    // A visitor without an address on file must name one.
    const anon = await signUp(server, { name: 'Anon' });
    const anonSocket = await connectParticipant(server, anon.user, anon.session.token);
    const anonChat = (await anonSocket.send('chats:create', { room: 'sales', source: 'web', creator: anon.user.id })).chat;
    expect(await postAs(`${server.url}/v1/chats/${anonChat.id}/transcript`, anon.session.token, {})).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });
    // At most five transcripts per chat: the route names any address, so it is bounded.
    for (let i = 0; i < 3; i += 1) expect((await postAs(url, session.token, {})).status).toBe(202);
    expect(await postAs(url, session.token, {})).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    xena.close();
    cyd.close();
    anonSocket.close();
  });

  it('retries an e-mail the SMTP server refused, and logs the attempts', async () => {
    // Earlier tests' e-mails are out first, so the two refusals hit this one.
    await until(async () => (await server.store.outbox.pendingCount('mail')) === 0);
    smtp.refuseNext(2);
    const { user, session } = await signUp(server, { name: 'Yuri', contact: 'yuri@example.com' });
    const yuri = await connectParticipant(server, user, session.token);
    const { chat } = await yuri.send('chats:create', { room: 'support', source: 'web', creator: user.id });
    expect((await postAs(`${server.url}/v1/chats/${chat.id}/transcript`, session.token, {})).status).toBe(202);
    await smtp.waitFor((mail) => mail.to.includes('yuri@example.com'));
    expect(smtp.refused).toBe(2);
    const itemOf = async () => (await server.store.outbox.list<{ chatId: string }>('mail', { limit: 50 })).find((entry) => entry.payload.chatId === chat.id);
    await until(async () => (await itemOf())?.status === 'done');
    const item = await itemOf();
    expect(item).toMatchObject({ status: 'done', attempts: 3 });
    expect(item!.log.map((attempt) => attempt.ok)).toEqual([false, false, true]);
    expect(item!.log[0]).toMatchObject({ status: 451 });
    yuri.close();
  });
});

describe('e-mail without an SMTP server', () => {
  it('answers transcript requests forbidden', async () => {
    const server = await startTestServer();
    try {
      const { user, session } = await signUp(server, { name: 'Zoe', contact: 'zoe@example.com' });
      const zoe = await connectParticipant(server, user, session.token);
      const { chat } = await zoe.send('chats:create', { room: 'support', source: 'web', creator: user.id });
      expect(await postAs(`${server.url}/v1/chats/${chat.id}/transcript`, session.token, {})).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
      zoe.close();
    } finally {
      await server.stop();
    }
  });
});



describe('e-mail outside business hours', () => {
  it("treats a message left outside a room's hours as an offline message, even with an agent online", async () => {
    const smtp = await startSmtpReceiver();
    let clock = Date.parse('2026-01-05T16:30:00Z'); // Monday 17:30 in Berlin: closed
    const server = await startTestServer({ smtpUrl: smtp.url, now: () => clock, outbox: { pollMs: 50, retry: { baseDelayMs: 50, maxDelayMs: 200 } } });
    try {
      await server.administration.createRoom('test', {
        name: 'hours',
        teamEmail: 'night@example.com',
        hours: { timeZone: 'Europe/Berlin', weekly: [{ day: 'mon', open: '09:00', close: '17:00' }] },
      });
      // An agent of the room is online, but the widget offers "leave a message" (the room is closed).
      const hana = await agent(server, 'hana', ['hours']);
      expect(await (await fetch(`${server.url}/v1/rooms/hours`)).json()).toMatchObject({ room: { open: false } });
      const { user, session } = await signUp(server, { name: 'Otto', contact: 'otto@example.com' });
      const otto = await connectParticipant(server, user, session.token);
      const { chat } = await otto.send('chats:create', { room: 'hours', source: 'web', creator: user.id });
      await otto.send('messages:send', { chatId: chat.id, clientId: 'late-1', type: 'text', message: 'Are you open tomorrow?' });
      await otto.send('chats:assign', { chatId: chat.id });

      const toTeam = await smtp.waitFor((mail) => mail.to.includes('night@example.com'));
      expect(toTeam.text).toContain('Are you open tomorrow?');
      // The agent online may still take it; the answer reaches the visitor by e-mail too.
      await hana.waitFor('invitation:new', (offer) => offer.chat.id === chat.id);
      expect((await hana.send('chats:get', { chatId: chat.id })).chat.origin).toBe('offline-message');
      await hana.send('invitations:accept', { chatId: chat.id });
      await hana.send('messages:send', { chatId: chat.id, clientId: 'morning-1', type: 'text', message: 'Yes, from 9.' });
      const reply = await smtp.waitFor((mail) => mail.to.includes('otto@example.com'));
      expect(reply.text).toContain('Yes, from 9.');

      // Inside the hours, a chat with an agent online is a live one: nothing is e-mailed.
      clock = Date.parse('2026-01-05T09:30:00Z'); // 10:30 in Berlin
      const live = await signUp(server, { name: 'Lia', contact: 'lia@example.com' });
      const lia = await connectParticipant(server, live.user, live.session.token);
      const liveChat = (await lia.send('chats:create', { room: 'hours', source: 'web', creator: live.user.id })).chat;
      await lia.send('messages:send', { chatId: liveChat.id, clientId: 'live-1', type: 'text', message: 'hello' });
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(smtp.mails.filter((mail) => mail.to.includes('night@example.com'))).toHaveLength(1);
      expect((await hana.send('chats:get', { chatId: liveChat.id })).chat.origin).toBeUndefined();
      otto.close();
      lia.close();
      hana.close();
    } finally {
      await server.stop();
      await smtp.close();
    }
  });
});
