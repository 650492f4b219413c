import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { roomInfo } from '@parley/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockDataDir } from '../src/store/dataDirLock';
import { openSqlStore } from '../src/store/openStore';
import { childEnv } from './processes';
import { spawnServer } from './serverProcess';
import { createPgliteDataDir } from '../src/store/testDatabases';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);

/** `parley-server <command> …` as a person types it; resolves with stdout, or the exit code and stderr. */
async function cli(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--conditions=parley-source', 'src/cli.ts', ...args], {
      cwd: packageDir,
      env: childEnv({ LOG_LEVEL: 'warn' }),
    });
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: `${failed.stdout}${failed.stderr}` };
  }
}

async function post(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('parley-server from an empty data directory: the first-run setup link (issue 16)', () => {
  let dataDir: string;
  beforeAll(async () => {
    // No agent yet: what a first start finds (initdb and the migrations done ahead, see createPgliteDataDir).
    dataDir = (await createPgliteDataDir('parley-first-run-')).value;
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints a one-time setup link instead of any default password, and none once an admin exists', async () => {
    const first = await spawnServer(['--data-dir', dataDir]);
    try {
      const link = new RegExp(`${first.url.replace(/[.]/g, '\\.')}/console/#link=([\\w-]+)`).exec(first.output());
      expect(first.output()).toContain('No admin yet');
      // No login of any kind is printed: only the link.
      expect(first.output()).not.toMatch(/ \/ |login|agent1/i);
      expect(link, first.output()).not.toBeNull();
      const accepted = await post(`${first.url}/v1/agents/password-link`, { token: link![1], username: 'root', name: 'Rita Root', password: 'rita-password' });
      expect(accepted.status).toBe(200);
      expect((await post(`${first.url}/v1/agents/login`, { username: 'root', password: 'rita-password' })).status).toBe(200);
    } finally {
      await first.kill();
    }
    const second = await spawnServer(['--data-dir', dataDir]);
    try {
      expect(second.output()).not.toContain('/console/#link=');
    } finally {
      await second.kill();
    }
  }, 120_000);
});

describe('parley-server agents|rooms|admin: scripted set-ups (issue 16)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = (await createPgliteDataDir('parley-cli-')).value;
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('adds, lists, disables and re-enables agents and adds and lists rooms; the server then serves them', async () => {
    const store = ['--data-dir', dataDir, '--public-url', 'https://chat.example.com/'];
    const boss = await cli(['admin', 'create', 'boss', '--name', 'Bo Boss', ...store]);
    expect(boss.out).toMatch(/boss\tBo Boss.*\(admin, invited\)/);
    expect(boss.out).toMatch(/https:\/\/chat\.example\.com\/console\/#link=[\w-]+/);
    const carl = await cli(['agents', 'add', 'carl', '--name', 'Carl', '--rooms', 'garden,support', '--capacity', '4', ...store]);
    expect(carl.code).toBe(0);
    const hours = JSON.stringify({ timeZone: 'Europe/Berlin', weekly: [{ day: 'mon', open: '09:00', close: '17:00' }] });
    const garden = await cli(['rooms', 'add', 'garden', '--welcome', 'Hi from the garden', '--reply-time', 'hours', '--hours', hours, '--team-email', 'team@example.com, lead@example.com', ...store]);
    expect(garden.out).toContain('\tteam e-mail: team@example.com,lead@example.com');
    expect(garden.out).toContain('<script src="https://chat.example.com/widget/parley-widget.js" data-room="garden" async></script>');
    expect((await cli(['agents', 'disable', 'carl', ...store])).out).toContain('deactivated');
    const agents = await cli(['agents', 'list', ...store]);
    expect(agents.out.trim().split('\n').map((line) => line.split('\t')[0])).toEqual(['boss', 'carl']);
    expect(agents.out).toMatch(/carl\tCarl\trooms: garden,support\tcapacity: 4\t\(deactivated, invited\)/);
    // And back: reactivated, the rest of the account as it was.
    const enabled = await cli(['agents', 'enable', 'carl', ...store]);
    expect(enabled.code, enabled.out).toBe(0);
    expect(enabled.out).toMatch(/^carl\tCarl\trooms: garden,support\tcapacity: 4\t\(invited\)$/m);
    expect((await cli(['agents', 'enable', ...store])).code).toBe(1);
    const unknown = await cli(['agents', 'enable', 'nobody', ...store]);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('nobody');
    expect((await cli(['rooms', 'list', ...store])).out).toMatch(/^garden\tdatabase\twelcome: Hi from the garden\treplies in: hours\thours: Europe\/Berlin, mon 09:00-17:00/);

    const badHours = await cli(['rooms', 'add', 'moon', '--hours', '{"timeZone":"Moon/Base","weekly":[]}', ...store]);
    expect(badHours.code).toBe(1);
    expect(badHours.out).toContain('timeZone');
    expect((await cli(['agents', 'fly', ...store])).code).toBe(1);
    const badTeam = await cli(['rooms', 'add', 'moon', '--team-email', 'not-an-address', ...store]);
    expect(badTeam.code).toBe(1);
    expect(badTeam.out).toContain('teamEmail');

    const server = await spawnServer(['--data-dir', dataDir, '--rooms', '']);
    try {
      expect(server.output()).not.toContain('No admin yet');
      const info = await roomInfo(server.url, 'garden');
      expect(info).toMatchObject({ name: 'garden', welcome: 'Hi from the garden', replyTime: 'hours' });
      expect(typeof info.open).toBe('boolean');
      // The server has the PGlite folder: a command on it is refused instead of corrupting it.
      const refused = await cli(['agents', 'list', ...store]);
      expect(refused.code).toBe(1);
      expect(refused.out).toContain(`is in use by process ${server.pid}`);
    } finally {
      await server.kill();
    }
    // Killed without releasing its lock: the next command on this machine takes the folder over.
    expect((await cli(['agents', 'list', ...store])).out).toContain('carl');
    // Both changes of carl are in the audit log, by the command line.
    const opened = await openSqlStore({ dataDir });
    try {
      const carlsLog = (await opened.admin.auditLog(100)).filter((entry) => entry.target === 'carl').reverse();
      expect(carlsLog.map(({ actor, action, details }) => ({ actor, action, details }))).toEqual([
        { actor: 'cli', action: 'agent.create', details: expect.anything() },
        { actor: 'cli', action: 'agent.disable', details: { disabled: true } },
        { actor: 'cli', action: 'agent.enable', details: { disabled: false } },
      ]);
    } finally {
      await opened.close();
    }
    // A new PGlite directory takes seconds to initialise on a loaded machine, and each command is a process.
  }, 240_000);
});

describe('parley-server on a data directory another process has open', () => {
  it('says which process holds it and exits non-zero, without a stack trace', async () => {
    const dataDir = (await createPgliteDataDir('parley-locked-')).value;
    const lock = await lockDataDir(dataDir); // this test's process plays the running server
    try {
      for (const args of [['agents', 'list', '--data-dir', dataDir], ['--data-dir', dataDir, '--port', '0']]) {
        const { code, out } = await cli(args);
        expect(code, out).toBe(1);
        expect(out).toContain(`parley-server: the data directory ${dataDir} is in use by process ${process.pid}`);
        expect(out).not.toMatch(/^\s+at /m);
      }
    } finally {
      await lock.release();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
