// What CONTRIBUTING.md's release command (`npx -y pnpm@12 version-packages`, i.e. `changeset version`)
// would do with the notes in `.changeset/`: no package may jump a major unless a note asks for one.
//
// Changesets bumps a package to its next major whenever a peer dependency of it gets a minor (react and
// ui have core, and ui has react, as peers), and the `fixed` group then takes every package there: each
// feature release was planned as a new major, 0.1.0 → 1.0.0 first (changesets#794, #1228, #1887). Two
// settings mend it: `onlyUpdatePeerDependentsWhenOutOfRange` (.changeset/config.json) leaves a peer
// dependent alone while the new version is inside its range (^1.2.0 takes 1.3.0), and
// patches/@changesets__assemble-release-plan@*.patch gives a 0.x dependent whose peer leaves its range
// (^0.1.0 does not take 0.2.0) a minor, the breaking bump below 1.0.0. Changesets 3 bumps peer
// dependents as patches itself, but needs Node 22.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import getReleasePlan from '@changesets/get-release-plan';

export interface ReleasePlanCheck {
  /** Each version the notes lead to and its bump, e.g. "0.2.0 (minor)" (one for the fixed group). */
  versions: string[];
  problems: string[];
}

type Versions = Record<string, string>;

/** Plans the release of `notes` in a throw-away workspace of `versions`, each package a peer of the next. */
async function planFixture(config: unknown, versions: Versions, notes: string): Promise<Versions> {
  const root = mkdtempSync(join(tmpdir(), 'parley-release-plan-'));
  try {
    const names = Object.keys(versions);
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'fixture', private: true, workspaces: ['packages/*'] }));
    names.forEach((name, index) => {
      const folder = join(root, 'packages', `p${index}`);
      mkdirSync(folder, { recursive: true });
      const previous = names[index - 1];
      const peerDependencies = previous ? { [previous]: `^${versions[previous]}` } : {};
      writeFileSync(join(folder, 'package.json'), JSON.stringify({ name, version: versions[name], peerDependencies }));
    });
    mkdirSync(join(root, '.changeset'));
    writeFileSync(join(root, '.changeset', 'config.json'), JSON.stringify({ ...(config as object), fixed: [names] }));
    writeFileSync(join(root, '.changeset', 'note.md'), notes);
    const plan = await getReleasePlan(root);
    return Object.fromEntries(plan.releases.map((release) => [release.name, release.newVersion]));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The release tool itself, on two small workspaces: a minor of a peer stays a minor, in 0.x and after. */
async function checkTool(config: unknown): Promise<string[]> {
  const note = "---\n'a': minor\n---\n\nA feature.\n";
  const cases: { versions: Versions; expected: string }[] = [
    { versions: { a: '0.1.0', b: '0.1.0', c: '0.1.0' }, expected: '0.2.0' },
    { versions: { a: '1.2.0', b: '1.2.0', c: '1.2.0' }, expected: '1.3.0' },
  ];
  const problems: string[] = [];
  for (const { versions, expected } of cases) {
    const planned = await planFixture(config, versions, note);
    for (const name of Object.keys(versions)) {
      if (planned[name] !== expected) {
        problems.push(
          `the release tool plans ${name} ${versions[name]} → ${planned[name] ?? 'nothing'} for a minor of its peer (expected ${expected}): ` +
            'is patches/@changesets__assemble-release-plan*.patch applied and onlyUpdatePeerDependentsWhenOutOfRange set?',
        );
      }
    }
  }
  return problems;
}

/** Needs notes `changeset version` can read: run it once `checkChangesets` found no problem. */
export async function checkReleasePlan(repoRoot: string): Promise<ReleasePlanCheck> {
  const config: unknown = JSON.parse(readFileSync(join(repoRoot, '.changeset', 'config.json'), 'utf8'));
  const problems = await checkTool(config);
  const plan = await getReleasePlan(repoRoot);
  const majorAsked = plan.changesets.some((note) => note.releases.some((release) => release.type === 'major'));
  const released = plan.releases.filter((release) => release.type !== 'none');
  for (const release of released) {
    if (release.type === 'major' && !majorAsked) {
      problems.push(`${release.name} would be released as ${release.newVersion}, a major, though no note in .changeset/ asks for one`);
    }
  }
  return { versions: [...new Set(released.map((release) => `${release.newVersion} (${release.type})`))], problems };
}
