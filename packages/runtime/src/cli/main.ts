// The `loom` command line.
//
//   loom run [--log] FILE.hl|DIR [args...]   compile and run a Hale program (exit code = the program's)
//   loom check FILE.hl|DIR [--json]          print diagnostics (NDJSON with --json, like `hale check --json`)
//   loom build FILE.hl|DIR [-o OUT.mjs]      compile only (writes the JS module and its source map)
//   loom exec [--log] FILE.loom.mjs [args]   run an already compiled program module (tests, benchmarks)
//   loom graph FILE.hl|DIR [--format F]      the bus topology: mermaid (default), dot, json or svg

import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProgram } from '../runtime/host.js';
import type { CompileOutput, Diag } from '../compiler/compile.js';
import { buildIdOf, lookupCompiled, storeCompiled } from '../compiler/cache.js';
import { ProgramError } from '../compiler/errors.js';

const here = dirname(fileURLToPath(import.meta.url));
export const workerFile = join(here, 'worker.mjs');

function usage(): string {
    return [
        'usage:',
        '  loom run [--log] FILE.hl|DIR [args...]',
        '  loom check FILE.hl|DIR [--json]',
        '  loom build FILE.hl|DIR [-o OUT.mjs]',
        '  loom exec [--log] FILE.loom.mjs [args...]',
        '  loom graph FILE.hl|DIR [--format mermaid|dot|json|svg] [-o OUT]',
        '',
    ].join('\n');
}

function show(d: Diag): string {
    const f = relative(process.cwd(), d.file) || d.file;
    return `${f}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}

// The compiler (and Langium with it) is loaded only when a program must be compiled: a cached run skips it.
async function compileProgram(entry: string, opts: { outDir?: string } = {}): Promise<CompileOutput> {
    const { compileProgram: compile } = await import('../compiler/compile.js');
    return compile(entry, opts);
}

const buildId = buildIdOf(fileURLToPath(import.meta.url));

export async function main(argv: string[]): Promise<number> {
    const cmd = argv[0];
    let rest = argv.slice(1);
    let log = false;
    while (rest[0] === '--log') {
        log = true;
        rest = rest.slice(1);
    }
    try {
        switch (cmd) {
            case 'run':
            case 'build': {
                const file = rest[0];
                if (!file) {
                    process.stderr.write(usage());
                    return 2;
                }
                let outDir: string | undefined;
                const o = rest.indexOf('-o');
                if (cmd === 'build' && o > 0 && rest[o + 1]) outDir = dirname(resolve(rest[o + 1]));
                let programFile: string | undefined;
                const hit = cmd === 'run' ? lookupCompiled(file, buildId) : null;
                if (hit) {
                    programFile = hit.programFile;
                    if (process.env.LOOM_WARNINGS === '1') for (const w of hit.warnings) process.stderr.write(w + '\n');
                } else {
                    const r = await compileProgram(file, { outDir });
                    const warnings = r.diagnostics.filter((d) => d.severity === 'warning').map(show);
                    for (const d of r.diagnostics) if (d.severity === 'error' || (d.severity === 'warning' && process.env.LOOM_WARNINGS === '1')) process.stderr.write(show(d) + '\n');
                    if (!r.ok) {
                        const n = r.diagnostics.filter((d) => d.severity === 'error').length;
                        process.stderr.write(`loom: ${file} has ${n} error${n === 1 ? '' : 's'}; not running it\n`);
                        return 1;
                    }
                    if (r.unsupported.length) {
                        for (const u of r.unsupported) {
                            const where = u.pos ? `${relative(process.cwd(), u.pos.file) || u.pos.file}:${u.pos.line}:${u.pos.column + 1}: ` : '';
                            process.stderr.write(`${where}error: ${u.what} is not supported by Loom\n`);
                        }
                        process.stderr.write(`loom: ${file} uses ${r.unsupported.length} construct(s) Loom does not support; not running it\n`);
                        return 1;
                    }
                    programFile = r.programFile!;
                    if (!outDir && r.inputs) storeCompiled(file, buildId, r.inputs, programFile, warnings);
                }
                if (cmd === 'build') {
                    process.stdout.write(programFile + '\n');
                    return 0;
                }
                const res = await runProgram(programFile, { argv: [resolve(file), ...rest.slice(1)], workerFile, log });
                return res.code;
            }
            case 'check': {
                const file = rest.find((a) => !a.startsWith('--'));
                const json = rest.includes('--json');
                if (!file) {
                    process.stderr.write(usage());
                    return 2;
                }
                const r = await compileProgram(file);
                const all = r.diagnostics;
                const unsupported: Diag[] = r.unsupported.map((u) => ({
                    file: u.pos?.file ?? resolve(file),
                    line: u.pos?.line ?? 1,
                    column: (u.pos?.column ?? 0) + 1,
                    severity: 'error',
                    message: `${u.what} is not supported by Loom`,
                    code: 'loom.unsupported',
                }));
                const diags = [...all, ...unsupported];
                for (const d of diags) {
                    if (json) process.stdout.write(JSON.stringify({ file: d.file, line: d.line, column: d.column, severity: d.severity, message: d.message, code: d.code }) + '\n');
                    else process.stdout.write(show(d) + '\n');
                }
                return diags.some((d) => d.severity === 'error') ? 1 : 0;
            }
            case 'exec': {
                const file = rest[0];
                if (!file) {
                    process.stderr.write(usage());
                    return 2;
                }
                const abs = resolve(file);
                if (!existsSync(abs)) {
                    process.stderr.write(`loom: no such file: ${file}\n`);
                    return 2;
                }
                const r = await runProgram(abs, { argv: [abs, ...rest.slice(1)], workerFile, log });
                return r.code;
            }
            case 'graph': {
                const { graphCommand } = await import('./graph.js');
                return graphCommand(rest, process.stdout, process.stderr);
            }
            case undefined:
            case '-h':
            case '--help':
                process.stdout.write(usage());
                return cmd ? 0 : 2;
            default:
                process.stderr.write(`loom: unknown command '${cmd}'\n${usage()}`);
                return 2;
        }
    } catch (e) {
        if (e instanceof ProgramError) {
            process.stderr.write(`loom: ${e.message}\n`);
            return 2;
        }
        throw e;
    }
}

export { compileProgram };
export { runProgram } from '../runtime/host.js';
