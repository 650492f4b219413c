import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Participant } from './harness';
import { visitor } from './harness';
import { linkOf, png, upload, uploaded } from './fileFixtures';
import type { S3Fake } from './s3Fake';
import { startS3Fake } from './s3Fake';
import type { ServerProcess } from './serverProcess';
import { spawnServer } from './serverProcess';
import { createPgliteDataDir } from '../src/store/testDatabases';

const keys = { AWS_ACCESS_KEY_ID: 'parley-test-key', AWS_SECRET_ACCESS_KEY: 'parley-test-secret-key' };

/**
 * `--file-storage s3`: the CLI as an operator runs it, with the real AWS SDK (keys from the usual
 * environment variables) against an S3-compatible endpoint, path-style as MinIO needs. In a process
 * of its own: Vitest resolves the SDK's bundler-only ES build, which Node cannot load.
 */
describe('files in an S3-compatible bucket', () => {
  let s3: S3Fake;
  let server: ServerProcess;
  let vera: Participant;
  let chatId: string;
  let dataDir: string | undefined;
  beforeAll(async () => {
    s3 = await startS3Fake({ bucket: 'chat-files', accessKeyId: keys.AWS_ACCESS_KEY_ID });
    const args = ['--rooms', '*', '--file-storage', 's3', '--s3-bucket', 'chat-files', '--s3-endpoint', s3.endpoint, '--s3-region', 'us-east-1', '--s3-path-style'];
    dataDir = (await createPgliteDataDir('parley-s3-')).value;
    server = await spawnServer([...args, '--secret', 'test-secret-test-secret-test-secret', '--data-dir', dataDir], keys);
    vera = await visitor(server, 'Vera');
    chatId = (await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id })).chat.id;
  }, 60_000);
  afterAll(async () => {
    vera?.close();
    await server?.kill();
    await s3?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('puts the bytes in the bucket, with their detected type, and serves them back through a signed link', async () => {
    const file = await uploaded(server.url, vera, chatId, 'shot.png', png);
    expect(s3.requests).toContain(`PUT /chat-files/parley/${file.id}`);
    expect(s3.objects.get(`parley/${file.id}`)).toEqual({ body: png, contentType: 'image/png' });

    const { link } = await linkOf(server.url, vera.token, file.id);
    const response = await fetch(server.url + link!.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(png);
    expect(s3.requests).toContain(`GET /chat-files/parley/${file.id}`);
  });

  it('answers an object gone from the bucket as a missing file (NoSuchKey), not as a server error', async () => {
    const file = await uploaded(server.url, vera, chatId, 'gone.png', png);
    s3.objects.delete(`parley/${file.id}`);
    const { link } = await linkOf(server.url, vera.token, file.id);
    const response = await fetch(server.url + link!.url);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('stops the start without a bucket, and refuses an unknown storage', async () => {
    await expect(spawnServer(['--file-storage', 's3'])).rejects.toThrow(/--file-storage s3 needs --s3-bucket/);
    await expect(spawnServer(['--file-storage', 'floppy'])).rejects.toThrow(/--file-storage is database or s3/);
    // Membership is checked before anything reaches the bucket.
    const before = s3.requests.length;
    expect((await upload(server.url, vera.token, 'nope', 'x.png', png)).status).toBe(404);
    expect(s3.requests.length).toBe(before);
  });
});
