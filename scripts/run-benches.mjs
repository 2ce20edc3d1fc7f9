#!/usr/bin/env node
// Runs every `*.bench.ts` / `*.bench.mjs` file of a folder, one after another, with tsx.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const folder = process.argv[2] ?? 'bench';
if (!existsSync(folder)) { console.log(`no benchmarks in ${process.cwd()}/${folder}`); process.exit(0); }
const files = readdirSync(folder).filter(f => /\.bench\.(ts|mjs)$/.test(f)).sort();
let failed = 0;
for (const file of files) {
    console.log(`\n=== ${join(process.cwd(), folder, file)}`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(folder, file)], { stdio: 'inherit' });
    if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
