// Bundles the Hale debug adapter (src/debug/main.ts) into one CommonJS file that runs on a plain Node (or an
// editor's Electron as Node), and next to it the debug agent the program preloads (agent.ts, as
// debug-agent.cjs): the extension ships them in out/ next to out/loom.cjs, and the debugger tests run them
// from a temporary folder.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

/** @param {string} outfile @param {{ minify?: boolean, sourcemap?: boolean }} [opts] */
export async function buildDebugAdapter(outfile, opts = {}) {
    await build({
        entryPoints: [join(here, 'agent.ts')],
        outfile: join(dirname(outfile), 'debug-agent.cjs'),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        minify: !!opts.minify,
        logLevel: 'warning',
    });
    await build({
        entryPoints: [join(here, 'main.ts')],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        sourcemap: opts.sourcemap === false ? false : 'linked',
        minify: !!opts.minify,
        logLevel: 'warning',
    });
    return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    await buildDebugAdapter(process.argv[2] ?? join(here, '..', '..', 'dist', 'debug-adapter.cjs'));
}
