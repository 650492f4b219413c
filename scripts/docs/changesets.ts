// The notes in `.changeset/` that CONTRIBUTING.md's release command (`npx -y pnpm@12 version-packages`,
// i.e. `changeset version`) turns into versions: each may name only packages that command releases. A
// private package (the console: `privatePackages.version` is false in .changeset/config.json) counts as
// ignored there, and one note naming it beside a released package makes `changeset version` refuse
// every note ("mixed changeset"). Console changes ship in @parley/server, which serves it: name that.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ChangesetCheck {
  notes: number;
  problems: string[];
}

/** `packages`: every workspace package's manifest (name, and whether it is private). */
export function checkChangesets(repoRoot: string, packages: readonly { name: string; private?: boolean }[]): ChangesetCheck {
  const released = new Set(packages.filter((manifest) => !manifest.private).map((manifest) => manifest.name));
  const privates = new Set(packages.filter((manifest) => manifest.private).map((manifest) => manifest.name));
  const folder = join(repoRoot, '.changeset');
  const notes = readdirSync(folder).filter((file) => file.endsWith('.md') && file !== 'README.md');
  const problems: string[] = [];
  for (const file of notes) {
    const frontmatter = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(folder, file), 'utf8'));
    if (!frontmatter) {
      problems.push(`.changeset/${file}: no frontmatter naming the packages`);
      continue;
    }
    for (const line of frontmatter[1]!.split('\n').filter((entry) => entry.trim() !== '')) {
      const entry = /^['"]?(@?[^'":]+)['"]?:\s*(patch|minor|major)\s*$/.exec(line.trim());
      if (!entry) problems.push(`.changeset/${file}: cannot read "${line}" (expected 'package': patch|minor|major)`);
      else if (privates.has(entry[1]!)) problems.push(`.changeset/${file}: names ${entry[1]}, which is private and not released (name @parley/server for the console)`);
      else if (!released.has(entry[1]!)) problems.push(`.changeset/${file}: names ${entry[1]}, which is no package of this workspace`);
    }
  }
  return { notes: notes.length, problems };
}
