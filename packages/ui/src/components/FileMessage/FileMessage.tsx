import type { ChatMessage } from '@parley/core';
import { isStored } from '@parley/core';
import { useEffect, useState } from 'react';
import type { StringsOverride } from '../../strings/strings';
import { useStrings } from '../../strings/StringsProvider';
import { MessageText } from '../../text/MessageText';
import { formatBytes, imageTypes, useFileLinkResolver } from './fileLinks';
import { Lightbox } from './Lightbox';

export interface FileMessageProps {
  /** A message of kind `file`: stored, or still uploading / failed (then shown from its own bytes). */
  message: Extract<ChatMessage, { type: 'file' }>;
  /** Overrides of the default English strings; the nearest `StringsProvider` otherwise. */
  strings?: StringsOverride;
}

/**
 * A file in a bubble: images as a thumbnail that opens the viewer, other files as their name and size
 * with a download link; while uploading, a progress bar. The address comes from the nearest
 * `FileLinkContext` (a signed link) or, before the upload finished, from the file's own bytes.
 */
export function FileMessage({ message, strings: override }: FileMessageProps) {
  const strings = useStrings(override);
  const src = useFileAddress(message);
  const [viewing, setViewing] = useState(false);
  const { file } = message;
  const isImage = imageTypes.has(file.mimeType);
  const uploading = message.status === 'sending' && message.progress !== undefined && message.progress < 1;
  const percent = Math.round((message.status === 'sending' ? (message.progress ?? 0) : 1) * 100);
  return (
    <div className="parley-file" data-kind={isImage ? 'image' : 'file'}>
      {isImage && src ? (
        <button type="button" className="parley-file-thumb" aria-label={strings.openImage(file.name)} onClick={() => setViewing(true)}>
          <img src={src} alt={file.name} loading="lazy" />
        </button>
      ) : (
        <span className="parley-file-card">
          {src && isStored(message) ? (
            <a href={download(src)} download={file.name} target="_blank" rel="noopener noreferrer" aria-label={strings.downloadFile(file.name)}>
              {file.name}
            </a>
          ) : (
            <span>{file.name}</span>
          )}{' '}
          <span className="parley-file-size">{formatBytes(file.size)}</span>
        </span>
      )}
      {uploading && (
        <progress className="parley-file-progress" max={100} value={percent} aria-label={strings.uploading(percent)}>
          {strings.uploading(percent)}
        </progress>
      )}
      {message.message && <MessageText text={message.message} />}
      {viewing && src && <Lightbox src={src} name={file.name} onClose={() => setViewing(false)} />}
    </div>
  );
}

/** A signed link asks the server for `attachment` with `download=1`; an object URL stays as it is. */
function download(src: string): string {
  return src.startsWith('blob:') || src.startsWith('data:') ? src : `${src}${src.includes('?') ? '&' : '?'}download=1`;
}

/** The bytes being uploaded (an object URL, revoked when done), else the signed link once resolved. */
function useFileAddress(message: FileMessageProps['message']): string | undefined {
  const resolve = useFileLinkResolver();
  const attachment = isStored(message) ? undefined : message.attachment;
  const fileId = message.file.id;
  const [address, setAddress] = useState<{ key: string; src: string }>();
  const key = attachment ? `local:${message.id}` : fileId;
  useEffect(() => {
    let current = true;
    if (attachment && typeof URL.createObjectURL === 'function') {
      const src = URL.createObjectURL(attachment);
      // Set like a resolved link (after this effect), so both kinds of address arrive the same way.
      void Promise.resolve().then(() => current && setAddress({ key: `local:${message.id}`, src }));
      return () => {
        current = false;
        URL.revokeObjectURL(src);
      };
    }
    if (!fileId || !resolve) return undefined;
    resolve(fileId).then(
      (src) => current && setAddress({ key: fileId, src }),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [attachment, fileId, resolve, message.id]);
  return address?.key === key ? address.src : undefined;
}
