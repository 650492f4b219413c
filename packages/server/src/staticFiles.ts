import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { ParleyError } from '@parley/protocol';

/** A folder served over HTTP at a path prefix: the demo page at `/`, the widget at `/widget` … */
export interface StaticMount {
  prefix: string;
  root: string;
}

/** Parses `--static /widget=path/to/dist` (or `PARLEY_STATIC`, comma-separated). */
export function parseStaticMount(text: string): StaticMount {
  const at = text.indexOf('=');
  const prefix = at > 0 ? text.slice(0, at) : '';
  const root = at > 0 ? text.slice(at + 1) : '';
  if (!prefix.startsWith('/') || root === '') {
    throw new ParleyError('invalid_payload', `--static takes <url-prefix>=<folder>, e.g. /widget=./dist; got ${JSON.stringify(text)}`);
  }
  return { prefix: prefix.length > 1 ? prefix.replace(/\/+$/, '') : prefix, root };
}

/**
 * The agent console this package carries: its build copies the console's static app next to this
 * file (dist/console/, scripts/bundleConsole.mjs), so `npx parley-server` serves a desk with nothing
 * else installed. Absent when running from source (the workspace's `pnpm start` mounts its own build).
 */
export const bundledConsoleDir = fileURLToPath(new URL('./console/', import.meta.url));

/** The mounts with the bundled console at `/console`, unless declined, absent, or a mount there is given. */
export function withBundledConsole(mounts: StaticMount[], wanted: boolean, dir = bundledConsoleDir): StaticMount[] {
  if (!wanted || mounts.some((mount) => mount.prefix === '/console') || !existsSync(join(dir, 'index.html'))) return mounts;
  return [...mounts, { prefix: '/console', root: dir }];
}

/** Cache-Control for a file that never changes under its name (a content hash in it): a year, `immutable`. */
export const immutableCacheControl = 'public, max-age=31536000, immutable';
/** Cache-Control for a stable name whose content changes on deploy (the widget's loader): five minutes. */
export const shortCacheControl = 'public, max-age=300';
/** Cache-Control for pages: always revalidated (ETag / Last-Modified), so a deploy shows at once. */
export const pageCacheControl = 'no-cache';

/**
 * Whether a file name carries a content hash, as Rolldown and Vite write them: `name-<hash>.ext`
 * (`parley-widget.esm-BbhixyMY.js`, `chunks/socketIo-CkpJgPtK.js`, `assets/index-DiwrgTda.js`), the hash
 * 8 or more base64url characters with a digit or a capital among them (so a plain word such as
 * `parley-overview.js` does not count). A `.br` / `.gz` sibling counts as the file it compresses.
 */
export function isContentHashed(fileName: string): boolean {
  const name = fileName.replace(/\.(br|gz)$/, '');
  const match = /-([A-Za-z0-9_-]{8,})\.[A-Za-z0-9]+$/.exec(name);
  return match !== null && /[A-Z0-9_]/.test(match[1]!);
}

/** The Cache-Control header for a served file, by its name. */
export function cacheControlFor(fileName: string): string {
  if (isContentHashed(fileName)) return immutableCacheControl;
  return /\.html?(\.(br|gz))?$/.test(fileName) ? pageCacheControl : shortCacheControl;
}

/**
 * Serves each mount's folder (index.html for folders). A file's precompressed sibling (`x.js.br`,
 * `x.js.gz`, which the widget's build writes) is sent instead when the request's Accept-Encoding takes
 * it, with `Vary: Accept-Encoding`; content-hashed names are cached for a year, the rest briefly. A missing folder fails the start with its
 * path: serving 404s for a widget that was never built would look like a bug in the page instead.
 */
export async function registerStaticMounts(app: FastifyInstance, mounts: readonly StaticMount[]): Promise<void> {
  let first = true;
  for (const mount of mounts) {
    const root = resolve(mount.root);
    const info = await stat(root).catch(() => undefined);
    if (!info?.isDirectory()) throw new ParleyError('invalid_payload', `--static ${mount.prefix}: ${root} is not a folder (was it built?)`);
    await app.register(fastifyStatic, {
      root,
      prefix: mount.prefix === '/' ? '/' : `${mount.prefix}/`,
      // `reply.sendFile` may be added once per instance.
      decorateReply: first,
      index: ['index.html'],
      preCompressed: true,
      // Set per file below instead of one max-age for all.
      cacheControl: false,
      setHeaders: (reply, path) => {
        reply.header('cache-control', cacheControlFor(basename(path)));
      },
    });
    first = false;
    // `/console` → `/console/`, so the page's relative URLs resolve inside the folder. The plugin's own
    // `redirect` option loses to a mount at `/`, whose wildcard route matches `/console` first.
    if (mount.prefix !== '/') app.get(mount.prefix, (_request, reply) => reply.redirect(`${mount.prefix}/`, 301));
  }
}
