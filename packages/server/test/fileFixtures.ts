import type { ErrorPayload, FileAttachment, FileLink } from '@parley/protocol';
import type { Participant } from './harness';

/** The smallest valid PNG: 1×1, one transparent pixel. */
export const png = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
);

/** A page that would run script if a browser ever treated it as HTML of the server's origin. */
export const evilHtml = new TextEncoder().encode('<!doctype html><html><body><script>window.parent.pwned = true</script>pwned</body></html>');
export const evilSvg = new TextEncoder().encode('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>');
/** A Windows executable's header (MZ…PE): refused whatever its name says. */
export const exe = Uint8Array.from([0x4d, 0x5a, 0x90, 0x00, ...new Array(60).fill(0), 0x50, 0x45, 0x00, 0x00]);

export interface UploadAnswer {
  status: number;
  body: { file?: FileAttachment; error?: ErrorPayload };
}

export async function upload(serverUrl: string, token: string | undefined, chatId: string, name: string, bytes: Uint8Array, type = 'application/octet-stream'): Promise<UploadAnswer> {
  const headers: Record<string, string> = { 'content-type': type };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${serverUrl}/v1/chats/${encodeURIComponent(chatId)}/files?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers,
    body: bytes,
  });
  return { status: response.status, body: (await response.json()) as UploadAnswer['body'] };
}

export async function uploaded(serverUrl: string, who: Participant, chatId: string, name: string, bytes: Uint8Array): Promise<FileAttachment> {
  const answer = await upload(serverUrl, who.token, chatId, name, bytes);
  if (answer.status !== 201 || !answer.body.file) throw new Error(`upload failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.file;
}

export async function linkOf(serverUrl: string, token: string, fileId: string): Promise<{ status: number; link?: FileLink; error?: { code: string } }> {
  const response = await fetch(`${serverUrl}/v1/files/${encodeURIComponent(fileId)}/link`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { link?: FileLink; error?: { code: string } };
  return { status: response.status, ...body };
}
