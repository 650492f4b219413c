import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate } from '../src/store/migrations';
import { createPgliteClient } from '../src/store/sqlClient';
import '../src/store/testDatabases'; // its ProvidedContext entry types `provide` below

/**
 * Makes one migrated PGlite data directory for the whole run. A fresh one costs 3–6 s of CPU (initdb
 * in WASM, then the migrations) on this project's 2-core machines, and the suites open hundreds: each
 * now starts from a copy (`createPgliteDataDir`). Tests of initdb or of the migrations themselves use
 * empty directories (`createTempDataDir`).
 */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'parley-pglite-template-'));
  const client = await createPgliteClient(dir, { worker: false });
  try {
    await migrate(client);
  } finally {
    await client.close();
  }
  project.provide('pgliteTemplate', dir);
  return () => rm(dir, { recursive: true, force: true });
}
