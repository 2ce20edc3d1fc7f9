// Bundles the server into one CommonJS file with no runtime dependencies: out/main.cjs.
import { build } from 'esbuild';

await build({
    entryPoints: ['src/main.ts'],
    outfile: 'out/main.cjs',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    minify: false,
    // Langium is ESM; in a CJS bundle import.meta.url is undefined unless we provide it.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
    logLevel: 'warning',
});
