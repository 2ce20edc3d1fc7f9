// The `loom` command line, through the real binary: bad input gives a clear message and an exit code (never
// a crash), runtime errors point at the .hl source, the compile cache notices every change that matters,
// and SIGINT/SIGTERM run the drain cascade.

import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loom, pkgRoot } from './helpers.js';

const prog = (name: string) => join(pkgRoot, 'test', 'programs', name);

function scratch(): string {
    return mkdtempSync(join(tmpdir(), 'loom-cli-'));
}

describe('bad input', () => {
    it('says so when the file does not exist', async () => {
        const r = await loom(['run', join(tmpdir(), 'no-such-program.hl')]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/no such file or folder: .*no-such-program\.hl/);
    });

    it('refuses a program with syntax errors, with their positions', async () => {
        const dir = scratch();
        try {
            writeFileSync(join(dir, 'bad.hl'), 'fn main() {\n    let x = \n}\n');
            const r = await loom(['run', join(dir, 'bad.hl')]);
            expect(r.code).toBe(1);
            expect(r.stderr).toMatch(/bad\.hl:3:1: error: /);
            expect(r.stderr).toMatch(/has 1 error; not running it/);
            expect(r.stdout).toBe('');

            const c = await loom(['check', join(dir, 'bad.hl'), '--json']);
            expect(c.code).toBe(1);
            const diags = c.stdout.trim().split('\n').map((l) => JSON.parse(l));
            expect(diags[0]).toMatchObject({ file: join(dir, 'bad.hl'), line: 3, column: 1, severity: 'error', code: 'hale.syntax' });
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it('runs non-ASCII text and reports a panic at its .hl line with a Hale stack', async () => {
        const dir = scratch();
        try {
            const file = join(dir, 'panic.hl');
            writeFileSync(
                file,
                'fn pick(a: [Int]) -> Int {\n    a[5]\n}\nfn main() {\n    println("héllo wörld ✓");\n    println(pick([1, 2]));\n}\n',
            );
            const r = await loom(['run', file]);
            expect(r.stdout).toBe('héllo wörld ✓\n');
            expect(r.code).toBe(1);
            expect(r.stderr).toMatch(/Hale panic: index 5 out of bounds/);
            expect(r.stderr).toMatch(/at pick \(.*panic\.hl:2:5\)/);
            expect(r.stderr).toMatch(/at main \(.*panic\.hl:6:/);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe('@ffi("js") host imports', () => {
    it('calls the built-in console_log and libm, and the app glue named by LOOM_FFI_JS', async () => {
        const dir = scratch();
        try {
            const file = join(dir, 'ffi.hl');
            writeFileSync(
                file,
                [
                    'target wasm { }',
                    '@ffi("js") fn console_log(msg: String);',
                    '@ffi("js") fn sqrt(x: Float) -> Float;',
                    '@ffi("js") fn scale(n: Int, by: Int) -> Int;',
                    'fn main() {',
                    '    console_log("from the host");',
                    '    println("sqrt=", sqrt(2.25));',
                    '    println("scaled=", scale(21, 2));',
                    '}',
                    '',
                ].join('\n'),
            );
            const glue = join(dir, 'glue.mjs');
            writeFileSync(glue, 'export function scale(n, by) { return typeof n === "number" ? n * by + 0.75 : -1; }\n');
            const r = await loom(['run', file], { env: { LOOM_FFI_JS: glue } });
            expect(r.code, r.stderr).toBe(0);
            // the Int crossed as a JS number and the result was truncated back to an Int
            expect(r.stdout).toBe('from the host\nsqrt=1.5\nscaled=42\n');
            const missing = await loom(['run', file]);
            expect(missing.code).toBe(1);
            expect(missing.stderr).toMatch(/no host import for @ffi\("js"\) fn scale/);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe('compile cache', () => {
    it('reuses a compiled program only while its sources and imports are what they were', async () => {
        const dir = scratch();
        try {
            mkdirSync(join(dir, 'app'));
            mkdirSync(join(dir, 'lib'));
            const main = join(dir, 'app', 'main.hl');
            writeFileSync(main, 'import "lib/util" as u;\nfn main() {\n    println(u::greet("x"));\n}\n');
            writeFileSync(join(dir, 'lib', 'util.hl'), 'fn greet(n: String) -> String {\n    "outer " + n\n}\n');
            expect((await loom(['run', main])).stdout).toBe('outer x\n');
            expect((await loom(['run', main])).stdout).toBe('outer x\n');
            // an edited library
            writeFileSync(join(dir, 'lib', 'util.hl'), 'fn greet(n: String) -> String {\n    "edited " + n\n}\n');
            expect((await loom(['run', main])).stdout).toBe('edited x\n');
            // a nearer file now shadows the import
            mkdirSync(join(dir, 'app', 'lib'));
            writeFileSync(join(dir, 'app', 'lib', 'util.hl'), 'fn greet(n: String) -> String {\n    "inner " + n\n}\n');
            expect((await loom(['run', main])).stdout).toBe('inner x\n');
            // and goes again
            rmSync(join(dir, 'app', 'lib'), { recursive: true });
            expect((await loom(['run', main])).stdout).toBe('edited x\n');
            // an error introduced after a good run is reported, not hidden by the cache
            writeFileSync(join(dir, 'lib', 'util.hl'), 'fn greet(n: String) -> String {\n    "broken " +\n}\n');
            const bad = await loom(['run', main]);
            expect(bad.code).toBe(1);
            expect(bad.stderr).toMatch(/util\.hl:3:1: error/);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe('signals', () => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
        it(`${sig} drains the tree on every thread, children first, and exits 0`, async () => {
            let sent = false;
            const r = await loom(['run', prog('drain-on-signal.hl')], {
                onStdout: (out, child) => {
                    if (!sent && out.includes('up\n')) {
                        sent = true;
                        setTimeout(() => child.kill(sig), 300);
                    }
                },
            });
            expect(sent).toBe(true);
            expect(r.code).toBe(0);
            const out = r.stdout.split('\n').filter(Boolean);
            // both tickers (one on the pool, one pinned) saw self.draining and finished their loops
            expect(out.filter((l) => l === 'ticker stopped')).toHaveLength(2);
            expect(out.filter((l) => l === 'ticker drained')).toHaveLength(2);
            // the loop that ignores draining was unwound; its drain() still ran, its sleep in full
            expect(out).toContain('stubborn drained after a sleep');
            // the root drains last
            expect(out[out.length - 1]).toBe('app drained');
        });
    }

    it('a second SIGINT ends a drain that takes too long (exit 130)', async () => {
        let sent = 0;
        const r = await loom(['run', prog('slow-drain.hl')], {
            onStdout: (out, child) => {
                if (sent === 0 && out.includes('up\n')) {
                    sent = 1;
                    setTimeout(() => child.kill('SIGINT'), 200);
                } else if (sent === 1 && out.includes('draining slowly\n')) {
                    sent = 2;
                    setTimeout(() => child.kill('SIGINT'), 200);
                }
            },
        });
        expect(sent).toBe(2);
        expect(r.code).toBe(130);
        expect(r.stdout).not.toContain('never');
    });
});
