import { randomUUID } from 'node:crypto';
import type { FileAttachment, FileLink } from '@parley/protocol';
import { fileNameSchema, limits, ParleyError, parseWithSchema } from '@parley/protocol';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerLimits } from '../config';
import { readsChatRecord } from '../records';
import type { SqlStore, StoredFileRecord } from '../store/sqlStore';
import type { AuthenticateSession } from '../sessionAuth';
import type { FileLinks } from './fileLinks';
import type { FileStorage } from './fileStorage';
import { detectFileType, inlineImageTypes, isTypeAllowed } from './fileType';

export interface FileRoutesOptions {
  store: SqlStore;
  /** Where new uploads go; `database` is also kept for files stored there before a move to S3. */
  storage: FileStorage;
  databaseStorage: FileStorage;
  links: FileLinks;
  limits: Pick<ServerLimits, 'maxFileBytes' | 'maxFilesPerChat'>;
  /** Detected types uploads may have (`type/subtype` or `type/*`). */
  allowedTypes: readonly string[];
  /** The caller's session (see `createSessionAuth`). */
  authenticate: AuthenticateSession;
}

/**
 * The policy of every download: the browser must neither guess another type (`nosniff`) nor run
 * anything, even when the bytes are an HTML page or an SVG drawing opened directly (`sandbox`: a
 * unique origin without scripts; `default-src 'none'`: nothing loads).
 */
export const downloadPolicy = "sandbox; default-src 'none'";

/**
 * Files (issue 16): `POST /v1/chats/:chatId/files` uploads the raw bytes of one file (any
 * content type; its name in `?name=`), `GET /v1/files/:fileId/link` signs a download address for
 * whoever may read the file's chat (a member, or an agent of its room, as its transcript), and
 * `GET /v1/files/:fileId?expires=…&signature=…` serves it.
 */
export async function registerFileRoutes(app: FastifyInstance, options: FileRoutesOptions): Promise<void> {
  const { store, links } = options;

  await app.register(async (scope) => {
    // The body is the file itself, whatever its type: kept as bytes, never parsed.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.limits.maxFileBytes }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error: FastifyError) => {
      // Thrown on to the REST error handler, named for the file limit instead of the request limit.
      if (error.statusCode === 413) {
        throw ParleyError.limitRefusal('payload_too_large', 'file_bytes', `a file may have at most ${options.limits.maxFileBytes} bytes`, {
          max: options.limits.maxFileBytes,
        });
      }
      throw error;
    });

    scope.post('/v1/chats/:chatId/files', { bodyLimit: options.limits.maxFileBytes }, async (request, reply) => {
      const caller = await options.authenticate(request);
      const { chatId } = request.params as { chatId: string };
      const query = request.query as { name?: unknown };
      const name = parseWithSchema(fileNameSchema, query.name ?? '', 'name');
      const chat = await memberChat(chatId, caller.sub);
      if (chat.status === 'closed') throw new ParleyError('closed', `chat ${chatId} is closed`, { chatId });
      const bytes = request.body instanceof Buffer ? new Uint8Array(request.body) : new Uint8Array();
      if (bytes.byteLength === 0) throw new ParleyError('invalid_payload', 'the file is empty: send its bytes as the request body');
      const held = await store.countChatFiles(chatId);
      if (held >= options.limits.maxFilesPerChat) {
        throw ParleyError.limitRefusal('payload_too_large', 'files_per_chat', `a chat holds at most ${options.limits.maxFilesPerChat} files`, {
          max: options.limits.maxFilesPerChat,
        });
      }
      const mimeType = await detectFileType(bytes);
      if (!isTypeAllowed(mimeType, options.allowedTypes)) {
        throw ParleyError.limitRefusal('invalid_payload', 'file_type', `files of type ${mimeType} are not accepted here`, {
          type: mimeType,
          allowed: [...options.allowedTypes],
        });
      }
      const id = randomUUID();
      // Bytes first: a record never points at bytes that are not there.
      await options.storage.put(id, bytes, mimeType);
      await store.putFile({
        id,
        chatId,
        uploader: caller.sub,
        name,
        mimeType,
        size: bytes.byteLength,
        storage: options.storage.kind,
        createdAt: new Date().toISOString(),
      });
      const file: FileAttachment = { id, name, mimeType, size: bytes.byteLength };
      return reply.code(201).send({ file });
    });
  });

  app.get('/v1/files/:fileId/link', async (request): Promise<{ link: FileLink }> => {
    const caller = await options.authenticate(request);
    const file = await fileOf(request);
    // The chat's readers, not only its members: an agent opening a closed chat's record in the console
    // sees the file there, and a link it could not open would be a dead end.
    const readable = await store.transaction(async (tx) => {
      const chat = await tx.getChat(file.chatId);
      return chat !== undefined && (await readsChatRecord(tx, caller, chat));
    });
    if (!readable) throw missingFile(file.id);
    const { path, expiresAt } = links.sign(file.id);
    return { link: { url: path, expiresAt } };
  });

  app.get('/v1/files/:fileId', async (request, reply) => {
    const { fileId } = request.params as { fileId: string };
    const query = request.query as { expires?: unknown; signature?: unknown; download?: unknown };
    if (!links.verify(fileId, query.expires, query.signature)) {
      throw new ParleyError('forbidden', 'this file link is not valid or has expired: ask for a new one');
    }
    const file = await fileOf(request);
    const storage = file.storage === options.databaseStorage.kind ? options.databaseStorage : options.storage;
    const bytes = await storage.get(file.id);
    if (!bytes) throw missingFile(file.id);
    const inline = inlineImageTypes.has(file.mimeType) && query.download === undefined;
    const expires = Number(query.expires);
    return reply
      .header('content-type', file.mimeType === 'text/plain' ? 'text/plain; charset=utf-8' : file.mimeType)
      .header('content-length', bytes.byteLength)
      .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', file.name))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', downloadPolicy)
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', `private, max-age=${Math.max(0, expires - Math.floor(Date.now() / 1000))}`)
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });

  async function fileOf(request: FastifyRequest): Promise<StoredFileRecord> {
    const { fileId } = request.params as { fileId: string };
    if (fileId.length > limits.idLength) throw missingFile(fileId.slice(0, limits.idLength));
    const file = await store.getFile(fileId);
    if (!file) throw missingFile(fileId);
    return file;
  }

  /** The chat, when `userId` is a member; one the caller may not see answers as a missing one (§2). */
  async function memberChat(chatId: string, userId: string) {
    const chat = chatId.length > limits.idLength ? undefined : await store.transaction((tx) => tx.getChat(chatId));
    if (!chat || !chat.users.includes(userId)) throw new ParleyError('not_found', `chat ${chatId.slice(0, limits.idLength)} does not exist`);
    return chat;
  }
}

function missingFile(fileId: string): ParleyError {
  return new ParleyError('not_found', `file ${fileId} does not exist`);
}

/**
 * `inline` or `attachment` with the name twice (RFC 6266): an ASCII fallback with anything risky
 * replaced, and the exact name percent-encoded in `filename*`.
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
