// The `loom` command line.
//
//   loom run FILE.hl [args...]     compile and run a Hale program (exit code = the program's)
//   loom check FILE.hl|DIR [--json] print diagnostics (NDJSON with --json, like `hale check --json`)
//   loom exec FILE.loom.mjs [args]  run an already compiled program module (tests, benchmarks)

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProgram } from '../runtime/host.js';

const here = dirname(fileURLToPath(import.meta.url));
export const workerFile = join(here, 'worker.mjs');

function usage(): string {
    return [
        'usage:',
        '  loom run [--log] FILE.hl [args...]',
        '  loom check FILE.hl|DIR [--json]',
        '  loom exec [--log] FILE.loom.mjs [args...]',
        '',
    ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
    const cmd = argv[0];
    let rest = argv.slice(1);
    let log = false;
    while (rest[0] === '--log') {
        log = true;
        rest = rest.slice(1);
    }
    switch (cmd) {
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
        case undefined:
        case '-h':
        case '--help':
            process.stdout.write(usage());
            return cmd ? 0 : 2;
        default:
            process.stderr.write(`loom: unknown command '${cmd}'\n${usage()}`);
            return 2;
    }
}
