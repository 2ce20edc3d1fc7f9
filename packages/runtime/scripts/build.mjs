// Bundles the CLI (with the compiler and the language package) and the worker runtime with esbuild.
// bin/loom.js calls this when the bundle is missing or older than the sources.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

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
    await Promise.all([
        build({ ...common, entryPoints: [join(root, 'src/cli/main.ts')], outfile: join(root, 'dist/loom.mjs') }),
        build({ ...common, entryPoints: [join(root, 'src/runtime/worker.ts')], outfile: join(root, 'dist/worker.mjs') }),
    ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    await buildLoom();
}
