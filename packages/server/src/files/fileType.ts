import { fileTypeFromBuffer } from 'file-type';

/**
 * What a file is, from its bytes (magic numbers, via `file-type`), never from its name or the type
 * the uploader claimed. Text has no magic number: bytes that decode as UTF-8 without NUL are
 * `text/plain`, whatever they hold — an HTML page or an SVG drawing is kept and served as text, so it
 * can never run as a page or a script. Anything else unrecognised is `application/octet-stream`.
 */
export async function detectFileType(bytes: Uint8Array): Promise<string> {
  const detected = await fileTypeFromBuffer(bytes);
  // `<?xml` is what file-type sees of an SVG with a prolog: text like any other.
  if (detected && detected.mime !== 'application/xml') return detected.mime;
  return isText(bytes) ? 'text/plain' : 'application/octet-stream';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The types uploads may have by default: images, PDF, plain text, office documents and archives.
 * Patterns are exact types or `type/*`.
 */
export const defaultFileTypes: readonly string[] = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'application/pdf',
  'text/plain',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
];

/** Whether a detected type matches one of the allowed patterns (`image/png`, `image/*`, or `*`). */
export function isTypeAllowed(mimeType: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) => {
    if (pattern === '*' || pattern === '*/*') return true;
    if (pattern.endsWith('/*')) return mimeType.startsWith(pattern.slice(0, -1));
    return pattern === mimeType;
  });
}

/**
 * Raster images a browser shows without running anything: only these are served `inline` (the
 * thumbnails and the lightbox); everything else is an attachment, saved rather than opened.
 */
export const inlineImageTypes: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);
