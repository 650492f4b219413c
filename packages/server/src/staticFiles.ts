import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
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
 * Serves each mount's folder (index.html for folders). A missing folder fails the start with its
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
      cacheControl: true,
      maxAge: 0,
    });
    first = false;
    // `/console` → `/console/`, so the page's relative URLs resolve inside the folder. The plugin's own
    // `redirect` option loses to a mount at `/`, whose wildcard route matches `/console` first.
    if (mount.prefix !== '/') app.get(mount.prefix, (_request, reply) => reply.redirect(`${mount.prefix}/`, 301));
  }
}
