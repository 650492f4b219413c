/** `auto` follows `prefers-color-scheme`; the others pin a theme with `data-theme`. */
export type Theme = 'light' | 'dark' | 'auto';
