import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { roomInfo } from '@parley/core';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signInAgent } from './agentBot';
import { setPasswordAndLogIn } from './consoleSteps';
import { webRoots } from './buildWeb';
import type { E2eServer } from './harness';
import { launchChromium, newPerson, screenshot, startE2eServer } from './harness';

const serverPackage = fileURLToPath(new URL('../packages/server/', import.meta.url));

/** `parley-server` as a person starts it on a fresh machine: its own process, an empty data directory, no --demo. */
async function startServerCli(dataDir: string): Promise<{ url: string; output: () => string; child: ChildProcess }> {
  const args = ['--import', 'tsx', '--conditions=parley-source', 'src/cli.ts', '--port', '0', '--data-dir', dataDir];
  for (const [prefix, root] of [['/console', webRoots.console], ['/widget', webRoots.widget], ['/', webRoots.demo]] as const) args.push('--static', `${prefix}=${root}`);
  const child = spawn(process.execPath, args, { cwd: serverPackage, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', () => {
      const match = /Parley server: (http:\/\/\S+)/.exec(output);
      if (match && output.includes('\n\n', match.index)) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', () => reject(new Error(`the server exited:\n${output}`)));
  });
  return { url, output: () => output, child };
}

describe('administration in Chromium (issue 16)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe('first run', () => {
    let dataDir: string;
    let server: Awaited<ReturnType<typeof startServerCli>> | undefined;
    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'parley-e2e-first-run-'));
      server = await startServerCli(dataDir);
    });
    afterAll(async () => {
      if (server && server.child.exitCode === null) {
        const exited = new Promise((resolve) => server!.child.once('exit', resolve));
        server.child.kill('SIGKILL');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    });

    it('from an empty data directory to an admin who adds an agent and a room; the agent accepts the invitation', async () => {
      const link = /(http:\/\/\S+\/console\/#link=[\w-]+)/.exec(server!.output())?.[1];
      expect(link, server!.output()).toBeDefined();

      const admin = await newPerson(browser);
      await setPasswordAndLogIn(admin.page, link!, 'rita-password', { username: 'rita', name: 'Rita Root' });
      await admin.page.getByRole('button', { name: 'Admin' }).click();

      await admin.page.getByLabel('Username').fill('ada');
      await admin.page.getByLabel('Name', { exact: true }).fill('Ada Agent');
      await admin.page.getByLabel('Rooms (comma-separated)').fill('garden');
      await admin.page.getByLabel('Capacity (open chats at once)').fill('4');
      await admin.page.getByRole('button', { name: 'Invite agent' }).click();
      const invitation = admin.page.getByLabel(/Send Ada Agent this one-time link/);
      await invitation.waitFor();
      const inviteLink = await invitation.inputValue();
      expect(inviteLink).toMatch(new RegExp(`^${server!.url}/console/#link=`));
      await admin.page.getByRole('cell', { name: 'Ada Agent', exact: true }).waitFor();

      await admin.page.getByRole('button', { name: 'Rooms' }).click();
      await admin.page.getByLabel('Room name').fill('garden');
      await admin.page.getByLabel('Welcome message (optional)').fill('Hello from the garden!');
      await admin.page.getByLabel('Usually replies').selectOption('hours');
      await admin.page.getByRole('button', { name: 'Add room' }).click();
      const snippet = admin.page.getByLabel('Widget snippet for garden');
      await snippet.waitFor();
      expect(await snippet.inputValue()).toBe(`<script src="${server!.url}/widget/parley-widget.js" data-room="garden" async></script>`);
      await screenshot(admin.page, 'console-admin-rooms');
      expect(await roomInfo(server!.url, 'garden')).toEqual({ name: 'garden', welcome: 'Hello from the garden!', replyTime: 'hours' });

      await admin.page.getByRole('button', { name: 'Audit log' }).click();
      await admin.page.getByRole('cell', { name: 'room.create', exact: true }).waitFor();
      await admin.page.getByRole('cell', { name: 'agent.create', exact: true }).waitFor();

      // The invited agent opens their link, sets a password and is at the desk, with no admin pages.
      const ada = await newPerson(browser);
      await setPasswordAndLogIn(ada.page, inviteLink, 'ada-password');
      await expect.poll(() => ada.page.getByLabel('Status').inputValue(), { timeout: 20_000 }).toBe('online');
      await ada.page.getByRole('button', { name: 'Settings' }).click();
      await ada.page.getByRole('heading', { name: 'Your password' }).waitFor();
      expect(await ada.page.getByRole('button', { name: 'Agents' }).count()).toBe(0);
      expect([...admin.errors, ...ada.errors]).toEqual([]);
      await admin.context.close();
      await ada.context.close();
    }, 180_000);
  });

  describe('business hours with a manual clock', () => {
    let server: E2eServer;
    let clock = Date.parse('2026-01-05T08:30:00Z'); // Monday 09:30 in Berlin
    const cleanups: (() => unknown)[] = [];
    beforeAll(async () => {
      server = await startE2eServer({ now: () => clock });
      await server.administration.createRoom('e2e', {
        name: 'hours',
        welcome: 'We answer on weekdays.',
        hours: { timeZone: 'Europe/Berlin', weekly: [{ day: 'mon', open: '09:00', close: '17:00' }] },
      });
      await server.addAgent({ username: 'hours-agent', password: 'demo', name: 'Hana Hours', rooms: ['hours'] });
    });
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('offers the start form inside the hours and the offline form outside them, with an agent online either way', async () => {
      const agent = await signInAgent(server.url, 'hours-agent');
      cleanups.push(() => agent.disconnect());

      const inside = await newPerson(browser);
      cleanups.push(() => inside.context.close());
      await inside.page.goto(`${server.url}/fixtures/plain.html?open&room=hours`);
      await inside.page.getByRole('button', { name: 'Start chat' }).waitFor();

      clock = Date.parse('2026-01-05T16:30:00Z'); // 17:30 in Berlin: closed
      const outside = await newPerson(browser);
      cleanups.push(() => outside.context.close());
      await outside.page.goto(`${server.url}/fixtures/plain.html?open&room=hours`);
      await outside.page.getByRole('heading', { name: 'Leave a message' }).waitFor();
      expect(await outside.page.getByRole('button', { name: 'Start chat' }).count()).toBe(0);
      await screenshot(outside.page, 'widget-outside-hours');
      expect([...inside.errors, ...outside.errors]).toEqual([]);
    }, 120_000);
  });
});
