// Run after `storybook build` (the `storybook:build` script): the built Storybook has a Docs page for
// every stories file (autodocs), and each page's component has a props table with a description for
// the component and for every prop, read from the TSDoc by react-docgen-typescript
// (.storybook/main.ts). A prop without TSDoc, or docgen switched off, fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const built = join(repoRoot, 'storybook-static');

interface DocgenProp {
  description?: string;
}
interface DocgenInfo {
  displayName: string;
  description?: string;
  props?: Record<string, DocgenProp>;
}

/** Every `X.__docgenInfo = {…}` the docgen plugin put into the built JavaScript, by display name. */
function docgenInfos(): Map<string, DocgenInfo> {
  const infos = new Map<string, DocgenInfo>();
  const assets = join(built, 'assets');
  for (const file of readdirSync(assets).filter((name) => name.endsWith('.js'))) {
    const code = readFileSync(join(assets, file), 'utf8');
    for (let at = code.indexOf('__docgenInfo={'); at >= 0; at = code.indexOf('__docgenInfo={', at + 1)) {
      const start = at + '__docgenInfo='.length;
      const literal = code.slice(start, objectEnd(code, start) + 1);
      // The plugin writes plain data (strings, numbers, arrays, objects) with no references.
      const info = new Function(`return ${literal}`)() as DocgenInfo;
      infos.set(info.displayName, info);
    }
  }
  return infos;
}

/** The index of the `}` closing the object literal that opens at `start`, skipping strings. */
function objectEnd(code: string, start: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let index = start; index < code.length; index++) {
    const char = code[index]!;
    if (quote) {
      if (char === '\\') index++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'" || char === '`') quote = char;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return index;
  }
  throw new Error('unterminated __docgenInfo object');
}

interface IndexEntry {
  id: string;
  type: 'docs' | 'story';
  title: string;
  tags?: string[];
}

const index = JSON.parse(readFileSync(join(built, 'index.json'), 'utf8')) as { entries: Record<string, IndexEntry> };
const docsPages = Object.values(index.entries).filter((entry) => entry.type === 'docs' && entry.tags?.includes('autodocs'));
const infos = docgenInfos();
const problems: string[] = [];
const proved: string[] = [];

for (const file of readdirSync(join(repoRoot, 'stories')).filter((name) => name.endsWith('.stories.tsx'))) {
  const source = readFileSync(join(repoRoot, 'stories', file), 'utf8');
  const title = /title: '([^']+)'/.exec(source)?.[1];
  const components = [/component: (\w+)/.exec(source)?.[1], ...[...(/subcomponents: \{([^}]*)\}/.exec(source)?.[1] ?? '').matchAll(/\w+/g)].map((match) => match[0])].filter(
    (name): name is string => Boolean(name),
  );
  if (!title || components.length === 0) {
    problems.push(`${file}: no meta title or component`);
    continue;
  }
  if (!docsPages.some((page) => page.title === title)) problems.push(`${file}: no autodocs Docs page for ${title}`);
  for (const component of components) {
    const info = infos.get(component);
    if (!info) {
      problems.push(`${file}: no props table for ${component} (no docgen info in the build)`);
      continue;
    }
    const props = Object.entries(info.props ?? {});
    const undescribed = props.filter(([, prop]) => !prop.description?.trim()).map(([name]) => name);
    if (!info.description?.trim()) problems.push(`${file}: ${component} has no description (TSDoc on the component)`);
    if (props.length === 0) problems.push(`${file}: ${component}'s props table is empty`);
    if (undescribed.length > 0) problems.push(`${file}: ${component}'s props without a description: ${undescribed.join(', ')}`);
    if (info.description?.trim() && props.length > 0 && undescribed.length === 0) proved.push(`${title}: ${component}, ${props.length} props, all described`);
  }
}

for (const line of proved) console.log(`  ✓ ${line}`);
for (const line of problems) console.log(`  ✗ ${line}`);
console.log(`storybook docs: ${docsPages.length} autodocs pages, ${proved.length} props tables complete, ${problems.length} problems`);
if (problems.length > 0) process.exitCode = 1;
