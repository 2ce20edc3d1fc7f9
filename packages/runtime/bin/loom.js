#!/usr/bin/env node
// `loom run FILE.hl [args...]`, `loom check FILE.hl|DIR [--json]`.
// Runs the bundled CLI (dist/loom.mjs), rebuilding it first when a source is newer than the bundle.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'loom.mjs');

function newest(dir) {
    let t = 0;
    if (!existsSync(dir)) return t;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) {
            if (e.name === 'node_modules' || e.name === 'generated_tests') continue;
            t = Math.max(t, newest(p));
        } else if (/\.(ts|langium|json)$/.test(e.name)) t = Math.max(t, statSync(p).mtimeMs);
    }
    return t;
}

function stale() {
    if (!existsSync(bundle) || !existsSync(join(root, 'dist', 'worker.mjs'))) return true;
    if (process.env.LOOM_NO_REBUILD === '1') return false;
    const built = statSync(bundle).mtimeMs;
    const sources = Math.max(newest(join(root, 'src')), newest(join(root, '..', 'language', 'src')));
    return sources > built;
}

if (stale()) {
    const { buildLoom } = await import(pathToFileURL(join(root, 'scripts', 'build.mjs')).href);
    await buildLoom();
}
const { main } = await import(pathToFileURL(bundle).href);
const code = await main(process.argv.slice(2));
// Exit now: a program's leftover handles (a child it spawned, a socket) must not keep Loom alive.
process.exit(code);
