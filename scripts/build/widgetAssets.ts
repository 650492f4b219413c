// The widget's files as a server should send them: the full widget under a content-hashed name (so it
// can be cached for a year, `immutable`), the loader — the one stable URL hosts paste — pointing at that
// name, and every script precompressed beside itself (`.br`, `.gz`) for a static server to pick by
// Accept-Encoding (Parley's `--static` does: packages/server/src/staticFiles.ts).
//
// tsdown builds the ESM app and the IIFE loader in parallel, in one process: `hashedApp()` (in the app's
// build) publishes the hashed file name once it is written, and `loaderAppUrl()` (in the loader's
// build) waits for it before compiling the loader, then compresses the folder once both are written.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Rolldown } from 'tsdown';

/** The name the loader's source imports; also the stable re-export bundlers and `main` resolve. */
export const stableAppFile = 'parley-widget.esm.js';

interface Handoff {
  promise: Promise<string>;
  resolve(name: string): void;
  reject(error: unknown): void;
}

function handoff(): Handoff {
  let resolve!: (name: string) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<string>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  // A failed app build rejects it; the loader's build reports that, so it must not also be unhandled.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

export function widgetAssets(): { hashedApp(): Rolldown.Plugin; loaderAppUrl(): Rolldown.Plugin } {
  const app = handoff();
  return {
    /** In the app's build (entry file names `parley-widget.esm-[hash].js`): the stable re-export, then the handoff. */
    hashedApp: () => {
      let entry: string | undefined;
      return {
        name: 'parley:widget-hashed-app',
        buildEnd(error) {
          if (error) app.reject(error);
        },
        generateBundle(_options, bundle) {
          const entries = Object.values(bundle).filter((file) => file.type === 'chunk' && file.isEntry);
          if (entries.length !== 1) throw new Error(`the widget app build has ${entries.length} entries, expected 1`);
          entry = entries[0]!.fileName;
          // Bundlers and package `main` keep a stable name: one line that re-exports the hashed file.
          this.emitFile({ type: 'asset', fileName: stableAppFile, source: `export * from './${entry}';\n` });
        },
        writeBundle() {
          if (entry) app.resolve(entry);
          else app.reject(new Error('the widget app build wrote no entry'));
        },
      };
    },
    /** In the loader's build: imports the hashed app file, and precompresses the folder at the end. */
    loaderAppUrl: () => ({
      name: 'parley:widget-loader-app-url',
      async transform(code, id) {
        if (!/[\\/]src[\\/]loader\.ts$/.test(id)) return null;
        const hashed = await app.promise;
        const quoted = `'${stableAppFile}'`;
        const at = code.indexOf(quoted);
        if (at < 0 || code.indexOf(quoted, at + 1) >= 0) throw new Error(`src/loader.ts must name ${quoted} exactly once`);
        return { code: code.replace(quoted, `'${hashed}'`), map: null };
      },
      async writeBundle(options) {
        await app.promise;
        if (options.dir) await precompress(options.dir);
      },
    }),
  };
}

/** Writes `<file>.br` (quality 11) and `<file>.gz` (level 9) beside every script and stylesheet in `dir`. */
export async function precompress(dir: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true });
  const files = entries.filter((entry) => /\.(js|css|html|svg|json)$/.test(entry) && !entry.endsWith('.map'));
  await Promise.all(
    files.map(async (entry) => {
      const path = join(dir, entry);
      const bytes = await readFile(path);
      await writeFile(`${path}.gz`, gzipSync(bytes, { level: 9 }));
      await writeFile(
        `${path}.br`,
        brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
      );
    }),
  );
}
