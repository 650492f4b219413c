import { createRequire } from 'node:module';
import { ParleyError } from '@parley/protocol';
import type * as S3Sdk from '@aws-sdk/client-s3';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { FileStorage } from './fileStorage';

/**
 * The SDK is loaded only by a server that stores files in S3, and through `require`: its ES build
 * imports files without extensions (meant for bundlers), which Vite's test runner would hand to Node;
 * its CommonJS build is what Node itself picks anyway. It is an optional peer dependency (~100 packages,
 * 20 MB): a deployment that keeps files in its database never installs it.
 */
export function loadSdk(load: (id: string) => unknown = createRequire(import.meta.url)): typeof S3Sdk {
  try {
    return load('@aws-sdk/client-s3') as typeof S3Sdk;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw error;
    throw new ParleyError('invalid_payload', '--file-storage s3 needs the AWS SDK beside the server: npm install @aws-sdk/client-s3');
  }
}

/** An S3-compatible bucket: AWS S3, MinIO, Cloudflare R2, Ceph, Garage, … */
export interface S3StorageOptions {
  bucket: string;
  /** The service's address for anything but AWS itself, e.g. `http://127.0.0.1:9000` for MinIO. */
  endpoint?: string;
  /** `auto` for R2; any region name for MinIO (default `us-east-1`). */
  region?: string;
  /** Path-style addresses (`endpoint/bucket/key`), which MinIO and most self-hosted services need. */
  forcePathStyle?: boolean;
  /** Prepended to every key, so one bucket can serve several deployments (default `parley/`). */
  prefix?: string;
  /** Access keys; by default the SDK's chain (`AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`, profiles, roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Files' bytes as objects `<prefix><file id>` in a bucket, through the AWS SDK v3. */
export function createS3FileStorage(options: S3StorageOptions): FileStorage & { client: S3Client } {
  const config: S3ClientConfig = { region: options.region ?? 'us-east-1' };
  if (options.endpoint !== undefined) config.endpoint = options.endpoint;
  if (options.forcePathStyle) config.forcePathStyle = true;
  if (options.credentials) config.credentials = options.credentials;
  const { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client: Client } = loadSdk();
  const client = new Client(config);
  const prefix = options.prefix ?? 'parley/';
  const Bucket = options.bucket;
  return {
    kind: 's3',
    client,
    async put(id, bytes, mimeType) {
      await client.send(new PutObjectCommand({ Bucket, Key: prefix + id, Body: bytes, ContentType: mimeType, ContentLength: bytes.byteLength }));
    },
    async get(id) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: prefix + id }));
        return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: unknown }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    async delete(id) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: prefix + id }));
    },
  };
}
