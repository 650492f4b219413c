import type { AddressInfo, Socket } from 'node:net';
import { connect, createServer } from 'node:net';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signUpVisitor } from '@parley/core';
import { signInAgent, until } from './agentBot';
import { newPerson, screenshot } from './harness';
import { useServerAndBrowser } from './describeHooks';

/** The smallest valid PNG: 1×1, one transparent pixel. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** Files (issue 16) in the widget, in Chromium, against a real server. */
describe('files in Chromium', () => {
  const env = useServerAndBrowser({ presenceGraceMs: 0 });

  it('a visitor attaches an image: thumbnail, lightbox, delivered once; members download it, others cannot; HTML does not run', async () => {
    const agent = await signInAgent(env.server.url, 'agent1');
    const { page, errors, context } = await newPerson(env.browser);
    try {
      await page.goto(env.server.url);
      await page.getByRole('button', { name: 'Open chat' }).click();
      await page.getByRole('button', { name: 'Start chat' }).click();
      await until(() => agent.invitations.length > 0);
      const chatId = agent.invitations[0]!.chat.id;
      await agent.agent.accept(chatId);

      await page.locator('input[type="file"]').setInputFiles({ name: 'shot.png', mimeType: 'image/png', buffer: png });
      const thumb = page.getByRole('button', { name: 'Open image shot.png' });
      await thumb.waitFor();
      await until(async () => (await thumb.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)) === 1);
      await until(() => (agent.store.getState().messages[chatId]?.toArray() ?? []).some((message) => message.type === 'file'));
      const files = (agent.store.getState().messages[chatId]?.toArray() ?? []).filter((message) => message.type === 'file');
      expect(files).toHaveLength(1);
      const stored = files[0]!;
      expect(stored.type === 'file' && stored.file.mimeType).toBe('image/png');

      await thumb.click();
      const dialog = page.getByRole('dialog', { name: 'shot.png' });
      await dialog.waitFor();
      await screenshot(page, 'widget-file-lightbox');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      // A member downloads it; someone else gets no link at all.
      const fileId = stored.type === 'file' ? stored.file.id : '';
      const url = await agent.files!.link(fileId);
      expect(new Uint8Array(await (await fetch(url)).arrayBuffer())).toEqual(new Uint8Array(png));
      const stranger = await signUpVisitor(env.server.url, { name: 'Stranger' });
      const refused = await fetch(`${env.server.url}/v1/files/${fileId}/link`, { headers: { authorization: `Bearer ${stranger.session.token}` } });
      expect(refused.status).toBe(404);

      // An HTML page sent as a file, opened by its link in the browser: downloaded, never run.
      const html = await agent.chats.get(chatId).sendFile(new Blob(['<script>window.opener && (window.opener.pwned = true); document.title = "pwned"</script>']), { name: 'evil.html' });
      const htmlUrl = await agent.files!.link(html.type === 'file' ? html.file.id : '');
      const viewer = await context.newPage();
      const download = viewer.waitForEvent('download').catch(() => undefined);
      await viewer.goto(htmlUrl).catch(() => undefined);
      expect(await download).toBeDefined();
      expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
      expect(errors).toEqual([]);
    } finally {
      agent.disconnect();
      await context.close();
    }
  });

  it('a refused upload shows as not sent, and Retry uploads and delivers it once; a file sent offline arrives once after reconnecting', async () => {
    const agent = await signInAgent(env.server.url, 'agent2');
    const { page, context } = await newPerson(env.browser);
    try {
      await page.goto(env.server.url);
      await page.getByRole('button', { name: 'Open chat' }).click();
      await page.getByRole('button', { name: 'Start chat' }).click();
      await until(() => agent.invitations.length > 0);
      const chatId = agent.invitations[0]!.chat.id;
      await agent.agent.accept(chatId);
      const fileMessages = () => (agent.store.getState().messages[chatId]?.toArray() ?? []).filter((message) => message.type === 'file');

      // The first upload is refused (as a server refuses a file it does not take); the next goes through.
      let refusals = 0;
      await page.route('**/v1/chats/*/files*', async (route) => {
        if (refusals++ > 0) return route.fallback();
        await route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: { code: 'invalid_payload', message: 'refused once' } }) });
      });
      await page.locator('input[type="file"]').setInputFiles({ name: 'first.png', mimeType: 'image/png', buffer: png });
      const retry = page.getByRole('button', { name: 'Retry' });
      await retry.waitFor();
      expect(fileMessages()).toHaveLength(0);
      await retry.click();
      await page.getByRole('button', { name: 'Open image first.png' }).waitFor();
      await until(() => fileMessages().length === 1);

      // Offline: the file waits, then goes once the link is back.
      await context.setOffline(true);
      await page.locator('input[type="file"]').setInputFiles({ name: 'offline.png', mimeType: 'image/png', buffer: png });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(fileMessages()).toHaveLength(1);
      await context.setOffline(false);
      await until(() => fileMessages().length === 2, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const { messages } = await agent.send('messages:list', { chatId });
      expect(messages.filter((message) => message.type === 'file').map((message) => message.type === 'file' && message.file.name)).toEqual(['first.png', 'offline.png']);
    } finally {
      agent.disconnect();
      await context.close();
    }
  });

  it('the attach button looks disabled, as the send button does, once the chat has ended', async () => {
    const agent = await signInAgent(env.server.url, 'agent2');
    const { page, errors, context } = await newPerson(env.browser);
    // Computed by Chromium from the widget's real CSS, which the jsdom tests do not load.
    const look = (button: Locator) =>
      button.evaluate((element) => {
        const style = getComputedStyle(element);
        return { opacity: style.opacity, cursor: style.cursor };
      });
    try {
      await page.goto(env.server.url);
      await page.getByRole('button', { name: 'Open chat' }).click();
      await page.getByRole('button', { name: 'Start chat' }).click();
      await until(() => agent.invitations.length > 0);
      const attach = page.getByRole('button', { name: 'Attach a file' });
      const send = page.getByRole('button', { name: 'Send' });

      // With nothing typed, Send is disabled and attaching is not: each looks it.
      expect(await send.isDisabled()).toBe(true);
      const disabledLook = await look(send);
      expect(disabledLook).toEqual({ opacity: '0.5', cursor: 'not-allowed' });
      expect(await attach.isDisabled()).toBe(false);
      expect(await look(attach)).toEqual({ opacity: '1', cursor: 'pointer' });

      await page.getByRole('button', { name: 'Close chat' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'End chat' }).click();
      await page.getByText('You ended the chat.').waitFor();
      expect(await attach.isDisabled()).toBe(true);
      // Polled, not read once: under a loaded CI run Chromium once answered the first read with
      // the not-allowed cursor but opacity still 1 (not reproduced idle); what a person sees is
      // the settled look.
      await until(async () => (await look(attach)).opacity === disabledLook.opacity, 5_000).catch(() => undefined);
      expect(await look(attach)).toEqual(disabledLook);
      expect(errors).toEqual([]);
    } finally {
      agent.disconnect();
      await context.close();
    }
  });

  it('shows a slow upload’s progress bar filling beside its preview, gone once the file is delivered', async () => {
    const agent = await signInAgent(env.server.url, 'agent1');
    const { page, context, errors } = await newPerson(env.browser);
    // The page reaches the server through a link that uploads 1 MB/s (Chromium's own throttling
    // leaves uploads to localhost alone): an 8 MB image takes seconds, more than the socket buffers hold.
    const slowLink = await throttledProxy(new URL(env.server.url), 1024 * 1024);
    try {
      await page.goto(slowLink.url);
      await page.getByRole('button', { name: 'Open chat' }).click();
      await page.getByRole('button', { name: 'Start chat' }).click();
      await until(() => agent.invitations.length > 0);
      const chatId = agent.invitations[0]!.chat.id;
      await agent.agent.accept(chatId);
      const delivered = () => (agent.store.getState().messages[chatId]?.toArray() ?? []).some((message) => message.type === 'file');

      const seen = new Set<number>();
      const watching = (async () => {
        for (let round = 0; round < 400; round++) {
          // A locator, not document.querySelector: the widget lives in a shadow root.
          const values = await page.locator('progress.parley-file-progress').evaluateAll((bars) => bars.map((bar) => (bar as HTMLProgressElement).value));
          for (const value of values) seen.add(value);
          if (delivered()) return;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      const big = Buffer.concat([png, Buffer.alloc(8_000_000, 7)]);
      await page.locator('input[type="file"]').setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: big });
      // The thumbnail shows at once (a local preview) while the bar fills beside it.
      await page.getByRole('button', { name: 'Open image big.png' }).waitFor();
      await watching;
      await until(delivered, 30_000);
      // The bar showed several values between the ends, and is gone once the file is delivered.
      const between = [...seen].filter((value) => value > 0 && value < 100);
      expect(between.length).toBeGreaterThanOrEqual(2);
      await until(async () => (await page.locator('.parley-file-progress').count()) === 0);
      expect(errors).toEqual([]);
    } finally {
      agent.disconnect();
      await context.close();
      await slowLink.close();
    }
  });
});

/** A TCP proxy to `target` that forwards what the browser sends at `bytesPerSecond` (answers at full speed). */
async function throttledProxy(target: URL, bytesPerSecond: number): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const proxy = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      // Reading pauses for as long as this chunk takes at the given rate.
      client.pause();
      setTimeout(() => client.resume(), (chunk.length / bytesPerSecond) * 1000);
    });
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        proxy.close(() => resolve());
      }),
  };
}
