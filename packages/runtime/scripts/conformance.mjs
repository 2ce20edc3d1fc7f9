// Iterate on conformance: node scripts/conformance.mjs [id...]  (writes /tmp/loom-conformance.txt)
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildLoom } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await buildLoom();
const { compileProgram } = await import(pathToFileURL(join(root, 'dist', 'loom.mjs')).href);
const { build } = await import('esbuild');
await build({ entryPoints: [join(root, 'test/conformance/run-expect.ts')], bundle: true, platform: 'node', format: 'esm', outfile: '/tmp/loom-run-expect.mjs', logLevel: 'error' });
const { runConformance, writeReport, setCorpusDir } = await import('/tmp/loom-run-expect.mjs?' + Date.now());
setCorpusDir(join(root, '..', '..', '..', 'shared', 'hale-corpus'));
const ids = process.argv.slice(2);
const t0 = Date.now();
const results = await runConformance({
    loomBin: join(root, 'bin', 'loom.js'),
    compile: (f) => compileProgram(f),
    ids: ids.length ? ids : undefined,
    onResult: (o) => { if (ids.length) console.log(o.pass ? 'PASS' : 'FAIL', o.id, o.reason, '\n', o.stdout, o.stderr); },
});
const pass = results.filter((r) => r.pass).length;
writeReport(results, '/tmp/loom-conformance.txt');
console.log(`run-expect: ${pass}/${results.length} passed (${((100 * pass) / results.length).toFixed(1)}%) in ${((Date.now() - t0) / 1000).toFixed(0)}s`);
