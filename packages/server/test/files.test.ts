import { createClient } from '@parley/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Participant, TestServer } from './harness';
import { agent, startTestServerOn, storeKinds, visitor } from './harness';
import { evilHtml, evilSvg, exe, linkOf, png, upload, uploaded } from './fileFixtures';

/** Files (issue 16) on the real server and store: upload, the `file` message, signed downloads. */
describe.each(storeKinds)('%s: files', (kind) => {
  let server: TestServer;
  let vera: Participant;
  let ada: Participant;
  let chatId: string;
  beforeAll(async () => {
    server = await startTestServerOn(kind, { limits: { maxFileBytes: 64 * 1024, maxFilesPerChat: 12 } });
    ada = await agent(server, `ada-files-${kind}`);
    vera = await visitor(server, 'Vera');
    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
    chatId = chat.id;
    await vera.send('chats:assign', { chatId });
    await ada.waitFor('invitation:new', (payload) => payload.chat.id === chatId);
    await ada.send('invitations:accept', { chatId });
  });
  afterAll(async () => {
    vera?.close();
    ada?.close();
    await server?.stop();
  });

  it('uploads by content (a PNG named .txt is an image), sends it once as a file message in seq order, and serves it to a member', async () => {
    await vera.send('messages:send', { chatId, clientId: 'text-1', type: 'text', message: 'here is the screenshot' });
    const answer = await upload(server.url, vera.token, chatId, 'screen shot.txt', png, 'text/plain');
    expect(answer.status).toBe(201);
    const file = answer.body.file!;
    expect(file).toEqual({ id: file.id, name: 'screen shot.txt', mimeType: 'image/png', size: png.byteLength });

    const sent = await vera.send('messages:send', { chatId, clientId: 'file-1', type: 'file', fileId: file.id, message: 'look' });
    const resent = await vera.send('messages:send', { chatId, clientId: 'file-1', type: 'file', fileId: file.id, message: 'look' });
    expect(resent.message).toEqual(sent.message);
    expect(sent.message).toMatchObject({ seq: 2, type: 'file', message: 'look', file });
    const received = await ada.waitFor('message:received', (payload) => payload.message.id === sent.message.id);
    expect(received.message).toMatchObject({ type: 'file', file });
    const { messages } = await ada.send('messages:list', { chatId });
    expect(messages.filter((message) => message.clientId === 'file-1')).toHaveLength(1);
    expect(messages.map((message) => message.type)).toEqual(['text', 'file']);

    const { link } = await linkOf(server.url, ada.token, file.id);
    expect(link!.url).toMatch(new RegExp(`^/v1/files/${file.id}\\?expires=\\d+&signature=`));
    expect(Date.parse(link!.expiresAt)).toBeGreaterThan(Date.now());
    const download = await fetch(server.url + link!.url);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(png);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('content-disposition')).toBe(`inline; filename="screen shot.txt"; filename*=UTF-8''screen%20shot.txt`);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    // `download` turns even an image into an attachment (the "save" button).
    expect((await fetch(`${server.url}${link!.url}&download=1`)).headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('@parley/core: chat.sendFile uploads and sends once; client.files.link signs an absolute address', async () => {
    const client = createClient({ url: server.url, token: vera.token, storage: false });
    try {
      const chat = client.chats.get(chatId);
      const message = await chat.sendFile(new Blob([png], { type: 'text/plain' }), { name: 'from-core.png', caption: 'via core' });
      expect(message).toMatchObject({ type: 'file', message: 'via core', file: { name: 'from-core.png', mimeType: 'image/png', size: png.byteLength } });
      const url = await client.files!.link(message.type === 'file' ? message.file.id : '');
      expect(url.startsWith(`${server.url}/v1/files/`)).toBe(true);
      expect(await client.files!.link(message.type === 'file' ? message.file.id : '')).toBe(url);
      expect(new Uint8Array(await (await fetch(url)).arrayBuffer())).toEqual(png);
      const { messages } = await ada.send('messages:list', { chatId });
      expect(messages.filter((stored) => stored.clientId === message.clientId)).toHaveLength(1);
    } finally {
      client.destroy();
    }
  });

  it('refuses a non-member: no upload into the chat, no link, answered as a missing chat or file', async () => {
    const file = await uploaded(server.url, vera, chatId, 'a.png', png);
    const mallory = await visitor(server, 'Mallory');
    const intrusion = await upload(server.url, mallory.token, chatId, 'b.png', png);
    expect(intrusion).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(await linkOf(server.url, mallory.token, file.id)).toMatchObject({ status: 404, error: { code: 'not_found' } });
    // Nor can they send someone else's upload in a chat of their own.
    const { chat } = await mallory.send('chats:create', { room: 'support', source: 'web', creator: mallory.user.id });
    expect(await mallory.refused('messages:send', { chatId: chat.id, clientId: 'steal', type: 'file', fileId: file.id })).toMatchObject({ code: 'not_found' });
    mallory.close();
    // No token, or a bad one.
    expect((await upload(server.url, undefined, chatId, 'c.png', png)).status).toBe(401);
    expect((await linkOf(server.url, 'not-a-token', file.id)).status).toBe(401);
  });

  it("signs a link for whoever may read the chat's transcript: an agent of its room who never joined it (Records), not one of another room", async () => {
    const room = `files-records-${kind}`;
    const reader = await agent(server, `rita-files-${kind}`, [room]);
    const stranger = await agent(server, `sam-files-${kind}`, [`files-elsewhere-${kind}`]);
    const mallory = await visitor(server, 'Mallory');
    try {
      const { chat } = await vera.send('chats:create', { room, source: 'web', creator: vera.user.id });
      const file = await uploaded(server.url, vera, chat.id, 'receipt.png', png);
      await vera.send('messages:send', { chatId: chat.id, clientId: 'records-file', type: 'file', fileId: file.id });
      await vera.send('chats:close', { chatId: chat.id, userId: vera.user.id });

      // The agent reads the closed chat's record as the console's Records page does, and opens the file.
      expect((await fetch(`${server.url}/v1/chats/${chat.id}/transcript`, { headers: { authorization: `Bearer ${reader.token}` } })).status).toBe(200);
      const { status, link } = await linkOf(server.url, reader.token, file.id);
      expect(status).toBe(200);
      expect(new Uint8Array(await (await fetch(server.url + link!.url)).arrayBuffer())).toEqual(png);
      // Its visitor still may; an agent of another room and another visitor may not, and learn nothing.
      expect((await linkOf(server.url, vera.token, file.id)).status).toBe(200);
      for (const outsider of [stranger, mallory]) {
        expect(await linkOf(server.url, outsider.token, file.id)).toMatchObject({ status: 404, error: { code: 'not_found' } });
      }
    } finally {
      for (const participant of [reader, stranger, mallory]) participant.close();
    }
  });

  it('serves only with a valid, unexpired signature for that very file', async () => {
    const file = await uploaded(server.url, vera, chatId, 'b.png', png);
    const other = await uploaded(server.url, vera, chatId, 'c.png', png);
    const { link } = await linkOf(server.url, vera.token, file.id);
    const url = new URL(server.url + link!.url);
    const tampered = new URL(url);
    tampered.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
    const past = new URL(url);
    past.searchParams.set('expires', '1000');
    const elsewhere = new URL(url);
    elsewhere.pathname = `/v1/files/${other.id}`;
    const unsigned = new URL(url);
    unsigned.search = '';
    for (const bad of [tampered, past, elsewhere, unsigned]) {
      const response = await fetch(bad);
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
    expect((await fetch(url)).status).toBe(200);
  });

  it('keeps HTML and SVG as inert text: an attachment, text/plain, nosniff, a sandbox CSP', async () => {
    for (const [name, bytes] of [
      ['page.html', evilHtml],
      ['drawing.svg', evilSvg],
    ] as const) {
      const file = await uploaded(server.url, vera, chatId, name, bytes);
      expect(file.mimeType).toBe('text/plain');
      const { link } = await linkOf(server.url, ada.token, file.id);
      const response = await fetch(server.url + link!.url);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
    }
  });

  it('refuses a type by its bytes, whatever the name says, and an oversized file, naming the limit', async () => {
    const disguised = await upload(server.url, vera.token, chatId, 'cat.png', exe, 'image/png');
    expect(disguised).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload', details: { limit: 'file_type', type: 'application/x-msdownload' } } } });
    const big = await upload(server.url, vera.token, chatId, 'big.txt', new Uint8Array(64 * 1024 + 1).fill(65));
    expect(big).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large', details: { limit: 'file_bytes' } } } });
    expect((await upload(server.url, vera.token, chatId, '', png)).status).toBe(400);
    expect((await upload(server.url, vera.token, chatId, 'empty.txt', new Uint8Array())).status).toBe(400);
    expect((await upload(server.url, vera.token, chatId, 'bad\u0007name.png', png)).status).toBe(400);
  });

  it('bounds the files of one chat (files_per_chat) and refuses uploads to a closed chat', async () => {
    const { chat } = await vera.send('chats:create', { room: `files-${kind}`, source: 'web', creator: vera.user.id });
    for (let index = 0; index < 12; index++) await uploaded(server.url, vera, chat.id, `${index}.png`, png);
    const thirteenth = await upload(server.url, vera.token, chat.id, '13.png', png);
    expect(thirteenth).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large', details: { limit: 'files_per_chat', max: 12 } } } });
    await vera.send('chats:close', { chatId: chat.id, userId: vera.user.id });
    const closedChat = await vera.send('chats:create', { room: `files-closed-${kind}`, source: 'web', creator: vera.user.id });
    await vera.send('chats:close', { chatId: closedChat.chat.id, userId: vera.user.id });
    expect((await upload(server.url, vera.token, closedChat.chat.id, 'late.png', png)).body.error?.code).toBe('closed');
  });
});
