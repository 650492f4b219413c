// The widget's weight: gzip and brotli bytes of the two files a host page loads, and where the full
// widget's bytes come from, read from its source map. The map is decoded here (base64 VLQ, ~30 lines)
// rather than with source-map-js, which is only a transitive dependency of the workspace, not one of ours.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { repoRoot } from '../lib/child';

export interface FileWeight {
  raw: number;
  gzip: number;
  brotli: number;
}

/** One group of the bundle's bytes: a package, or a source file. */
export interface Contributor {
  name: string;
  /** Minified bytes (UTF-8) the map attributes to it. */
  raw: number;
  /** Its code gzipped on its own (an upper bound: no shared dictionary with the rest). */
  gzipAlone: number;
  /** The whole file's gzip minus the gzip of the file with this group's bytes cut out. */
  gzipRemoved: number;
}

export interface Breakdown {
  method: string;
  totalRaw: number;
  /** Bytes covered by a mapping with a source. */
  mappedRaw: number;
  packages: Contributor[];
  /** Families of packages that go together (React, socket.io's client). */
  families: Contributor[];
  files: Contributor[];
}

export const gzip = (bytes: Uint8Array): number => gzipSync(bytes, { level: 9 }).length;
export const brotli = (bytes: Uint8Array): number =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length;

export function weigh(file: string): FileWeight {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gzip: gzip(bytes), brotli: brotli(bytes) };
}

const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const digit = new Int8Array(128).fill(-1);
for (let index = 0; index < base64.length; index++) digit[base64.charCodeAt(index)] = index;

/** The segments of one generated line: each is [column, source?, sourceLine?, sourceColumn?, name?], fields relative as in the map. */
function decodeLine(text: string): number[][] {
  const segments: number[][] = [];
  for (const field of text.split(',')) {
    if (field === '') continue;
    const values: number[] = [];
    let value = 0;
    let shift = 0;
    for (let index = 0; index < field.length; index++) {
      const bits = digit[field.charCodeAt(index)] ?? -1;
      if (bits < 0) throw new Error(`source map: bad base64 character in "${field}"`);
      value += (bits & 31) << shift;
      if (bits & 32) shift += 5;
      else {
        values.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
    }
    segments.push(values);
  }
  return segments;
}

interface RawMap {
  sources: string[];
  sourceRoot?: string;
  mappings: string;
}

/** Which package a source file belongs to: the last `node_modules/<name>` in its path, or the workspace package. */
export function packageOf(path: string): string {
  const parts = path.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at >= 0) {
    const name = parts[at + 1] ?? '?';
    return name.startsWith('@') ? `${name}/${parts[at + 2] ?? '?'}` : name;
  }
  if (parts[0] === 'packages' && parts[1]) return `@parley/${parts[1]}`;
  return path;
}

/** A source's path for display: repo-relative, with pnpm's store folder shortened to the package's own path. */
function displayPath(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  return at >= 0 ? path.slice(at + 'node_modules/'.length) : path;
}

const families: Record<string, (name: string) => boolean> = {
  'React (react, react-dom, scheduler)': (name) => name === 'react' || name === 'react-dom' || name === 'scheduler',
  'socket.io client (socket.io-client, engine.io-client, both parsers, component-emitter)': (name) =>
    ['socket.io-client', 'engine.io-client', 'engine.io-parser', 'socket.io-parser', '@socket.io/component-emitter'].includes(name),
  "Parley's own packages (@parley/*)": (name) => name.startsWith('@parley/'),
};

/**
 * Attributes every byte of a minified bundle to the source its mapping points at: a segment runs from
 * its column to the next segment's (or the line's end). Bytes before a line's first segment, and
 * segments without a source, are "unmapped" (the bundler's glue and, here, CSS inlined as strings).
 */
export function breakdown(bundleFile: string, mapFile: string, top = 12): Breakdown {
  const code = readFileSync(bundleFile, 'utf8');
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as RawMap;
  const sourceDir = resolve(dirname(mapFile), map.sourceRoot ?? '');
  const sources = map.sources.map((source) => relative(repoRoot, resolve(sourceDir, source)).split(sep).join('/'));
  const unmapped = '(unmapped: bundler glue, inlined CSS)';

  // Byte ranges (as UTF-16 ranges of `code`) per source file, in order.
  const ranges = new Map<string, [number, number][]>();
  const take = (name: string, from: number, to: number) => {
    if (to <= from) return;
    let list = ranges.get(name);
    if (!list) ranges.set(name, (list = []));
    const last = list[list.length - 1];
    if (last && last[1] === from) last[1] = to;
    else list.push([from, to]);
  };

  const lines = code.split('\n');
  const mapLines = map.mappings.split(';');
  let source = 0;
  let offset = 0;
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const line = lines[lineIndex]!;
    const segments = decodeLine(mapLines[lineIndex] ?? '');
    let column = 0;
    let previous = 0;
    let owner = unmapped;
    for (const segment of segments) {
      column += segment[0]!;
      take(owner, offset + previous, offset + Math.min(column, line.length));
      previous = Math.min(column, line.length);
      if (segment.length >= 4) {
        source += segment[1]!;
        owner = sources[source] ?? unmapped;
      } else owner = unmapped;
    }
    take(owner, offset + previous, offset + line.length + (lineIndex < lines.length - 1 ? 1 : 0));
    offset += line.length + 1;
  }

  const whole = Buffer.from(code);
  const wholeGzip = gzip(whole);
  const utf8 = (text: string) => Buffer.byteLength(text);
  const measure = (name: string, parts: [number, number][]): Contributor => {
    const own = parts.map(([from, to]) => code.slice(from, to)).join('');
    // The rest of the file with these ranges cut out, in order.
    const sorted = [...parts].sort((a, b) => a[0] - b[0]);
    const rest: string[] = [];
    let at = 0;
    for (const [from, to] of sorted) {
      rest.push(code.slice(at, from));
      at = to;
    }
    rest.push(code.slice(at));
    return { name, raw: utf8(own), gzipAlone: gzip(Buffer.from(own)), gzipRemoved: wholeGzip - gzip(Buffer.from(rest.join(''))) };
  };

  const byPackage = new Map<string, [number, number][]>();
  for (const [file, parts] of ranges) {
    const name = file === unmapped ? unmapped : packageOf(file);
    byPackage.set(name, [...(byPackage.get(name) ?? []), ...parts]);
  }
  const bySize = (a: Contributor, b: Contributor) => b.raw - a.raw;
  const packages = [...byPackage].map(([name, parts]) => measure(name, parts)).sort(bySize);
  const familyRows = Object.entries(families)
    .map(([label, member]) => measure(label, [...byPackage].filter(([name]) => member(name)).flatMap(([, parts]) => parts)))
    .sort(bySize);
  const fileRows = [...ranges]
    .filter(([file]) => file !== unmapped)
    .map(([file, parts]) => ({ file, parts, raw: parts.reduce((sum, [from, to]) => sum + utf8(code.slice(from, to)), 0) }))
    .sort((a, b) => b.raw - a.raw)
    .slice(0, top)
    .map(({ file, parts }) => measure(displayPath(file), parts));
  const unmappedRaw = packages.find((row) => row.name === unmapped)?.raw ?? 0;

  return {
    method:
      'source map decoded in the bench (base64 VLQ; source-map-js is not a direct dependency here): each generated segment runs to the next one, ' +
      'its UTF-8 bytes go to the segment’s source file, files group into the package of their last `node_modules/<name>` ' +
      '(workspace sources: `packages/<name>` → `@parley/<name>`)',
    totalRaw: whole.length,
    mappedRaw: whole.length - unmappedRaw,
    packages,
    families: familyRows,
    files: fileRows,
  };
}
