// Conformance: the shared run-expect programs (stdout must contain / must not contain what upstream's
// natively compiled binaries printed) and the issue-6 examples (run to exit 0 within 10 s).

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { compileProgram } from '../src/compiler/compile.js';
import { loomBin, pkgRoot } from './helpers.js';
import { runConformance, setCorpusDir, writeReport } from './conformance/run-expect.js';
import { runExamples } from './conformance/examples.js';

const corpus = process.env.HALE_CORPUS ?? join(pkgRoot, '..', '..', '..', 'shared', 'hale-corpus');
setCorpusDir(corpus);

describe('conformance', () => {
    it('passes at least 60% of run-expect', async () => {
        const results = await runConformance({ loomBin, compile: (f) => compileProgram(f), parallel: 2 });
        const pass = results.filter((r) => r.pass).length;
        const rate = (100 * pass) / results.length;
        const report = join(tmpdir(), 'loom-run-expect-report.txt');
        writeReport(results, report);
        console.log(`run-expect: ${pass}/${results.length} passed (${rate.toFixed(1)}%); report: ${report}`);
        expect(rate).toBeGreaterThanOrEqual(60);
    }, 600_000);

    it('runs the examples to exit 0 within 10 s', async () => {
        const results = await runExamples({ corpus, loomBin, compile: (f) => compileProgram(f) });
        const failed = results.filter((r) => !r.pass);
        console.log(`examples: ${results.length - failed.length}/${results.length} ok`);
        writeFileSync(join(tmpdir(), 'loom-examples-report.txt'), results.map((r) => `${r.pass ? 'PASS' : 'FAIL'} ${r.name} ${r.reason}`).join('\n') + '\n');
        expect(failed.map((f) => `${f.name}: ${f.reason}`)).toEqual([]);
    }, 600_000);
});
