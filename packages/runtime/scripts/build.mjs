// Bundles the CLI (with the compiler and the language package) and the worker runtime with esbuild.
// bin/loom.js calls this when the bundle is missing or older than the sources.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { readdirSync, rmSync, statSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildLoom() {
    const common = {
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        sourcemap: 'linked',
        logLevel: 'error',
        banner: {
            js: "import { createRequire as __loomCreateRequire } from 'node:module'; const require = __loomCreateRequire(import.meta.url);",
        },
    };
    // One build with code splitting: the CLI loads the compiler (and Langium) as a separate chunk, only
    // when a program is not in the compile cache; the runtime shared by the CLI and the worker is one chunk.
    const result = await build({
        ...common,
        entryPoints: { loom: join(root, 'src/cli/main.ts'), worker: join(root, 'src/runtime/worker.ts') },
        outdir: join(root, 'dist'),
        splitting: true,
        chunkNames: 'chunks/[name]-[hash]',
        outExtension: { '.js': '.mjs' },
        metafile: true,
    });
    // Chunk names carry a content hash, so older chunks stay until no `loom run` started before this
    // build can still be loading them (a few minutes), then go.
    const current = new Set(Object.keys(result.metafile.outputs).map((f) => resolve(f)));
    const chunks = join(root, 'dist', 'chunks');
    for (const f of readdirSync(chunks)) {
        const p = join(chunks, f);
        if (!current.has(p) && !current.has(p.replace(/\.map$/, '')) && Date.now() - statSync(p).mtimeMs > 10 * 60_000) rmSync(p, { force: true });
    }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    await buildLoom();
}
