import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredObject {
  body: Uint8Array;
  contentType: string | undefined;
}

export interface S3Fake {
  /** `http://127.0.0.1:<port>`: the endpoint to give the SDK (path-style). */
  endpoint: string;
  objects: Map<string, StoredObject>;
  /** Every request as `METHOD /bucket/key`. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Enough of the S3 REST API (path-style PutObject, GetObject, DeleteObject) for the real
 * `@aws-sdk/client-s3` to talk to, as MinIO or R2 would answer it: requests must be SigV4-signed
 * with the expected access key, a signed payload hash must match the body, `aws-chunked` bodies
 * (the SDK's streaming checksum encoding) are decoded, a missing key is the XML `NoSuchKey` error.
 */
export async function startS3Fake(options: { bucket: string; accessKeyId: string }): Promise<S3Fake> {
  const objects = new Map<string, StoredObject>();
  const requests: string[] = [];
  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => xmlError(response, 500, 'InternalError', String(error)));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://s3.local');
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    requests.push(`${request.method} /${bucket}/${key}`);
    const authorization = request.headers.authorization ?? '';
    if (!authorization.startsWith(`AWS4-HMAC-SHA256 Credential=${options.accessKeyId}/`) || !request.headers['x-amz-date']) {
      return xmlError(response, 403, 'AccessDenied', 'not signed with the expected key');
    }
    if (bucket !== options.bucket) return xmlError(response, 404, 'NoSuchBucket', bucket);
    const raw = await readBody(request);
    if (request.method === 'PUT') {
      const body = isChunked(request) ? decodeChunked(raw) : raw;
      const declared = request.headers['x-amz-content-sha256'];
      if (typeof declared === 'string' && /^[0-9a-f]{64}$/.test(declared) && declared !== sha256(raw)) {
        return xmlError(response, 400, 'XAmzContentSHA256Mismatch', 'the body does not match its signed hash');
      }
      const contentType = request.headers['content-type'];
      objects.set(key, { body, contentType });
      response.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` }).end();
      return;
    }
    if (request.method === 'GET') {
      const object = objects.get(key);
      if (!object) return xmlError(response, 404, 'NoSuchKey', 'The specified key does not exist.');
      response.writeHead(200, { 'content-type': object.contentType ?? 'application/octet-stream', 'content-length': object.body.byteLength });
      response.end(object.body);
      return;
    }
    if (request.method === 'DELETE') {
      objects.delete(key);
      response.writeHead(204).end();
      return;
    }
    xmlError(response, 405, 'MethodNotAllowed', String(request.method));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function isChunked(request: IncomingMessage): boolean {
  return String(request.headers['content-encoding'] ?? '').includes('aws-chunked') || String(request.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
}

/** `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n` … `0\r\n<trailers>\r\n\r\n`. */
function decodeChunked(raw: Uint8Array): Uint8Array {
  const buffer = Buffer.from(raw);
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', offset);
    const size = parseInt(buffer.subarray(offset, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (!size) break;
    parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return new Uint8Array(Buffer.concat(parts));
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function readBody(request: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

function xmlError(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/xml' });
  response.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}
