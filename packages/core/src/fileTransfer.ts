import { ParleyError } from '@parley/protocol';
import type { FileAttachment, FileLink } from '@parley/protocol';
import { errorFromBody } from './errors';
import type { RestOptions } from './rest';
import { request } from './rest';

/** Progress of one upload: `loaded` of `total` bytes went out. */
export type UploadProgress = (loaded: number, total: number) => void;

/**
 * How a client moves files (docs/protocol.md §1, Files): uploads a chat member's file and signs
 * download addresses. The default talks to the Parley server; stories and tests pass their own.
 */
export interface FileTransfer {
  /** `POST /v1/chats/:chatId/files`; rejects with the server's refusal (`payload_too_large`, `invalid_payload` …). */
  upload(chatId: string, file: Blob, name: string, onProgress?: UploadProgress): Promise<FileAttachment>;
  /** An absolute, signed address of a file (`GET /v1/files/:id/link`), reused until shortly before it expires. */
  link(fileId: string): Promise<string>;
}

export interface FileTransferOptions {
  url: string;
  token: string;
  /** A fetch to use instead of the global one (links, and uploads where XMLHttpRequest is missing). */
  fetch?: typeof fetch;
}

/** Links are asked for again this long before they expire, so an image never loads a dead one. */
const linkMarginMs = 60_000;

export function createFileTransfer(options: FileTransferOptions): FileTransfer {
  const base = options.url.endsWith('/') ? options.url.slice(0, -1) : options.url;
  const links = new Map<string, Promise<FileLink>>();
  const restOptions: RestOptions = options.fetch ? { fetch: options.fetch } : {};

  async function fetchLink(fileId: string): Promise<FileLink> {
    const { link } = await request<{ link: FileLink }>(
      `${base}/v1/files/${encodeURIComponent(fileId)}/link`,
      { headers: { authorization: `Bearer ${options.token}` } },
      restOptions,
    );
    return { ...link, url: new URL(link.url, `${base}/`).href };
  }

  return {
    upload(chatId, file, name, onProgress) {
      const url = `${base}/v1/chats/${encodeURIComponent(chatId)}/files?name=${encodeURIComponent(name)}`;
      // XMLHttpRequest is the one browser API that reports upload progress; fetch cannot (yet).
      const Xhr = (globalThis as { XMLHttpRequest?: new () => XhrLike }).XMLHttpRequest;
      if (typeof Xhr === 'function') return uploadWithXhr(new Xhr(), url, options.token, file, onProgress);
      return request<{ file: FileAttachment }>(
        url,
        { method: 'POST', headers: { authorization: `Bearer ${options.token}`, 'content-type': file.type || 'application/octet-stream' }, body: file },
        restOptions,
      ).then(({ file: stored }) => {
        onProgress?.(file.size, file.size);
        return stored;
      });
    },
    async link(fileId) {
      let pending = links.get(fileId);
      if (pending) {
        const link = await pending.catch(() => undefined);
        if (link && Date.parse(link.expiresAt) - Date.now() > linkMarginMs) return link.url;
      }
      pending = fetchLink(fileId);
      links.set(fileId, pending);
      pending.catch(() => links.delete(fileId));
      return (await pending).url;
    },
  };
}

/** The part of the browser's XMLHttpRequest an upload uses (the package's types have no DOM). */
interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: Blob): void;
  readonly status: number;
  readonly responseText: string;
  upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null };
  onerror: (() => void) | null;
  ontimeout: (() => void) | null;
  onload: (() => void) | null;
}

function uploadWithXhr(xhr: XhrLike, url: string, token: string, file: Blob, onProgress?: UploadProgress): Promise<FileAttachment> {
  return new Promise((resolve, reject) => {
    xhr.open('POST', url);
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (event) => onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
    // No answer at all (offline, refused connection): the same code as a dropped socket.
    xhr.onerror = () => reject(new ParleyError('disconnected', 'the upload lost its connection'));
    xhr.ontimeout = () => reject(new ParleyError('timeout', 'the upload timed out'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 201 && isUploadAnswer(body)) return resolve(body.file);
      reject(errorFromBody(body, xhr.status === 401 ? 'unauthorized' : 'internal', `HTTP ${xhr.status}`));
    };
    xhr.send(file);
  });
}

function isUploadAnswer(body: unknown): body is { file: FileAttachment } {
  return typeof body === 'object' && body !== null && typeof (body as { file?: { id?: unknown } }).file?.id === 'string';
}
