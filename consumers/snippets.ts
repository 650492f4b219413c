// The README snippets the consumer apps run, so the docs cannot rot. A snippet is the fenced code block
// right after a marker comment, which GitHub does not render:
//
//   <!-- consumer-test: NAME (what the consumer tests do with it) -->
//   ```ts
//   …
//   ```
//
// `snippet(readme, NAME)` returns the block's text as it stands; every consumer app takes its code
// from here, never from a copy.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface Snippet {
  /** The README it comes from, relative to the repository root. */
  readme: string;
  name: string;
  /** The fence's language (`ts`, `sh`, `html`, …). */
  lang: string;
  /** The block's text, ending with one newline. */
  code: string;
}

const marker = /<!-- consumer-test: (\S+)[^>]*-->\s*\n```([a-z]*)\n([\s\S]*?)\n```/g;

/** Every marked block of a README, in order. */
export async function snippets(readme: string): Promise<Snippet[]> {
  const text = await readFile(join(repoRoot, readme), 'utf8');
  return [...text.matchAll(marker)].map(([, name, lang, code]) => ({ readme, name: name!, lang: lang!, code: `${code}\n` }));
}

/** The marked block `name` of a README; throws when the README has none (or has it twice). */
export async function snippet(readme: string, name: string): Promise<Snippet> {
  const found = (await snippets(readme)).filter((block) => block.name === name);
  if (found.length !== 1) throw new Error(`${readme} has ${found.length} consumer-test blocks named ${name}, not one (a marker comment right before a code fence)`);
  return found[0]!;
}
