import { createContext, useContext } from 'react';

/**
 * Turns a file's id into an address to show or save it from: the client's `files.link` (a signed,
 * expiring link, only for members of the chat). `ParleyChat` provides it; without one, files show
 * their name and size but no picture or link.
 */
export type FileLinkResolver = (fileId: string) => Promise<string>;

export const FileLinkContext = createContext<FileLinkResolver | undefined>(undefined);

export function useFileLinkResolver(): FileLinkResolver | undefined {
  return useContext(FileLinkContext);
}

/** Types shown as pictures (thumbnail and viewer); the server serves only these inline. */
export const imageTypes: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);

/** `1.4 MB`, `830 KB`, `12 B`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
