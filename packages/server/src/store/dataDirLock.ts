import { rmSync } from 'node:fs';
import { mkdir, readFile, readlink, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';

/** How long a lock nobody refreshes stays valid: the holder touches it every half of this. */
export const defaultDataDirLockStaleMs = 10_000;

/** proper-lockfile's floor for `stale`; also how long a dead holder's lock must be untouched before it is removed. */
const minimumStaleMs = 2_000;

/**
 * Another process (or another store in this one) has the PGlite data directory open. PGlite is
 * single-user PostgreSQL: two openers of one folder corrupt it, so the second is refused.
 */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  readonly code = 'data_dir_locked';

  constructor(
    readonly dataDir: string,
    /** The holder's process id, when it left one to read (not when it runs on another machine). */
    readonly holderPid: number | undefined,
    staleMs: number,
  ) {
    super(
      `the data directory ${dataDir} is in use by ${holderPid === undefined ? 'another process' : `process ${holderPid}`}` +
        ' (PGlite opens a folder from one process at a time): stop it first, or use --database-url for PostgreSQL' +
        ` (a lock left by a killed process is taken over at the next start on the same machine, or once ${staleMs / 1000} s old)`,
    );
  }
}

/** Who holds the lock, written next to it: enough to name them and, on this machine, see they are gone. */
interface LockHolder {
  pid: number;
  host: string;
  /** Linux's PID namespace (`pid:[…]`): PIDs of two containers on one host must not be compared. */
  pidNamespace: string | undefined;
}

// proper-lockfile removes its locks when the process exits without releasing them; their holder files go too.
const heldHolderFiles = new Set<string>();
process.once('exit', () => {
  for (const path of heldHolderFiles) rmSync(path, { force: true });
});

export interface DataDirLock {
  release(): Promise<void>;
}

export interface DataDirLockOptions {
  /** Age after which an unrefreshed lock counts as abandoned (at least 2 s). Tests shorten it. */
  staleMs?: number;
}

async function currentHolder(): Promise<LockHolder> {
  const pidNamespace = await readlink('/proc/self/ns/pid').catch(() => undefined);
  return { pid: process.pid, host: hostname(), pidNamespace };
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    const holder = JSON.parse(await readFile(path, 'utf8')) as Partial<LockHolder>;
    return typeof holder.pid === 'number' && typeof holder.host === 'string'
      ? { pid: holder.pid, host: holder.host, pidNamespace: holder.pidNamespace }
      : undefined;
  } catch {
    return undefined; // none yet (the holder is between taking the lock and writing it), or torn
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/** The holder ran in our PID namespace on this machine and its PID is gone: it was killed, nobody will refresh the lock. */
function isDeadHere(holder: LockHolder, here: LockHolder): boolean {
  return holder.host === here.host && holder.pidNamespace === here.pidNamespace && !isRunning(holder.pid);
}

/**
 * Takes the PGlite data directory for this process until `release()`: an atomic `mkdir` of
 * `<dataDir>/parley.lock` (proper-lockfile), whose mtime is refreshed every `staleMs / 2`; a second
 * opener gets a {@link DataDirLockedError}. A lock its holder stopped refreshing (killed with
 * SIGKILL, a crashed machine) is taken over once older than `staleMs`; when the holder's PID is
 * known to be gone from this machine, the opener waits instead (at most 2 s) and takes it, so a
 * supervisor restarting a killed server is not refused. The lock is also removed when the process
 * exits without `release()`.
 */
export async function lockDataDir(dataDir: string, options: DataDirLockOptions = {}): Promise<DataDirLock> {
  const staleMs = Math.max(options.staleMs ?? defaultDataDirLockStaleMs, minimumStaleMs);
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const lockPath = join(dir, 'parley.lock');
  const holderPath = join(dir, 'parley.lock.holder');
  const here = await currentHolder();
  let compromised = false;
  const lockOptions = {
    lockfilePath: lockPath,
    realpath: false,
    // Someone took the lock over while this process still had the folder open (it could not refresh
    // the lock for `staleMs`): say so loudly rather than throw from a timer and crash the server.
    onCompromised: (error: Error) => {
      compromised = true;
      process.emitWarning(`the lock on ${dir} was lost: ${error.message}`, { code: 'data_dir_lock_lost' });
    },
  };
  let release: (() => Promise<void>) | undefined;
  while (!release) {
    try {
      release = await lockfile.lock(dir, { ...lockOptions, stale: staleMs, update: staleMs / 2 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      const holder = await readHolder(holderPath);
      if (!holder || !isDeadHere(holder, here)) throw new DataDirLockedError(dir, holder?.pid, staleMs);
      // Its holder is dead. The lock is removed once untouched for 2 s: a live process that has just
      // taken it (and not yet written its holder file) touched it less than 2 s ago, so keeps it.
      const age = await stat(lockPath).then((lock) => Date.now() - lock.mtimeMs, () => Infinity);
      if (age > minimumStaleMs) await rmdir(lockPath).catch(() => undefined);
      else await sleep(250);
    }
  }
  await writeFile(holderPath, JSON.stringify(here));
  heldHolderFiles.add(holderPath);
  const releaseLock = release;
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      heldHolderFiles.delete(holderPath);
      await rm(holderPath, { force: true });
      if (!compromised) await releaseLock();
    },
  };
}
