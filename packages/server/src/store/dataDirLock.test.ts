import { spawn } from 'node:child_process';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { childEnv, trackProcess } from '../../test/processes';
import { DataDirLockedError, lockDataDir } from './dataDirLock';
import { openSqlStore } from './openStore';
import { createTempDataDir } from './testDatabases';

/** A Node process that takes the lock on `dataDir` and holds it until killed; resolves once it holds it. */
async function holdInAnotherProcess(dataDir: string) {
  const module = fileURLToPath(new URL('./dataDirLock.ts', import.meta.url));
  const script = `
    const { lockDataDir } = await import(${JSON.stringify(module)});
    await lockDataDir(${JSON.stringify(dataDir)}, { staleMs: 2000 });
    process.stdout.write('locked');
    setInterval(() => undefined, 60_000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tracked = trackProcess(child, 'data dir lock holder');
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('locked')) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', () => reject(new Error(`the lock holder exited:\n${output}`)));
  });
  return { pid: child.pid!, kill: tracked.kill };
}

describe('the PGlite data directory lock', () => {
  it('refuses a second store on an open folder, in the same process, until the first is closed', async () => {
    const dir = await createTempDataDir('parley-lock-');
    try {
      const first = await openSqlStore({ dataDir: dir.value });
      const refused: unknown = await openSqlStore({ dataDir: dir.value }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(DataDirLockedError);
      expect(refused).toMatchObject({ code: 'data_dir_locked', dataDir: dir.value, holderPid: process.pid });
      expect((refused as Error).message).toContain(`${dir.value} is in use by process ${process.pid}`);
      await first.close();
      const reopened = await openSqlStore({ dataDir: dir.value });
      await reopened.close();
    } finally {
      await dir.remove();
    }
  }, 120_000); // two PGlite start-ups on a loaded machine

  it('refuses a store while another process holds the folder, and takes it over once that process is killed', async () => {
    const dir = await createTempDataDir('parley-lock-');
    try {
      const holder = await holdInAnotherProcess(dir.value);
      try {
        const refused: unknown = await openSqlStore({ dataDir: dir.value }).catch((error: unknown) => error);
        expect(refused).toMatchObject({ code: 'data_dir_locked', dataDir: dir.value, holderPid: holder.pid });
      } finally {
        await holder.kill(); // SIGKILL: no chance to remove its lock
      }
      const store = await openSqlStore({ dataDir: dir.value });
      await store.close();
    } finally {
      await dir.remove();
    }
  }, 120_000);

  it('waits for a holder on another machine until its lock is older than the stale time', async () => {
    const dir = await createTempDataDir('parley-lock-');
    try {
      // What a server on another host (sharing the folder over a network file system) leaves behind.
      await mkdir(join(dir.value, 'parley.lock'));
      await writeFile(join(dir.value, 'parley.lock.holder'), JSON.stringify({ pid: 4242, host: 'another-machine' }));
      await expect(lockDataDir(dir.value, { staleMs: 2000 })).rejects.toMatchObject({ code: 'data_dir_locked', holderPid: 4242 });
      // Not refreshed for a minute: abandoned.
      const minuteAgo = new Date(Date.now() - 60_000);
      await utimes(join(dir.value, 'parley.lock'), minuteAgo, minuteAgo);
      const lock = await lockDataDir(dir.value, { staleMs: 2000 });
      await expect(lockDataDir(dir.value)).rejects.toMatchObject({ code: 'data_dir_locked', holderPid: process.pid });
      await lock.release();
      await (await lockDataDir(dir.value)).release();
    } finally {
      await dir.remove();
    }
  });
});
