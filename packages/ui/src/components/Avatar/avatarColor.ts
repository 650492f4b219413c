/**
 * Background colours for initials avatars: each carries white text at ≥ 5:1 (WCAG AA), in light and
 * dark themes alike, and they are far enough apart that two agents side by side look different.
 */
export const avatarPalette = ['#b4235a', '#a33a12', '#8a5a00', '#2e7d32', '#0f766e', '#1d4ed8', '#6d28d9', '#475569'] as const;

/** The same id always gets the same colour (FNV-1a over its UTF-16 units), on every device. */
export function avatarColor(id: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return avatarPalette[(hash >>> 0) % avatarPalette.length]!;
}

/** Up to two letters: first and last word's initials ("Ada Lovelace" → "AL"), "?" for a blank name. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return '?';
  // Whole code points, so a name starting with an emoji or an astral letter is not cut in half.
  const first = (word: string) => Array.from(word)[0]!.toLocaleUpperCase();
  return words.length === 1 ? first(words[0]!) : first(words[0]!) + first(words[words.length - 1]!);
}
