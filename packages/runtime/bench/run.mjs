#!/usr/bin/env node
// `pnpm bench` (the runtime's bench script): Loom's figures and their ratios to baselines.
//
//   cross-thread throughput   a Hale publisher and subscriber(s) on pinned threads (two threads; fan-out to
//                             four) vs the same workload over postMessage and over the raw SAB ring alone
//   cross-thread latency      ping-pong between two pinned loci, one way = round trip / 2 (median, p99)
//   compute                   Hale programs compiled by Loom vs hand-written JS doing the same work
//   start-up                  `loom run hello.hl` with a warm compile cache, cold (compiling), `loom exec`
//                             of a compiled module, and plain `node` for reference
//
// The machine is shared, so each figure is the best of ROUNDS runs (default 5), runs interleaved; the load
// average is printed with the results. Options: --rounds N, --quick (smaller workloads, 2 rounds),
// --json FILE (also write the figures as JSON).

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const loomBin = join(root, 'bin', 'loom.js');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const opt = (name, d) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1] : d;
};
const ROUNDS = Number(opt('--rounds', quick ? 2 : 5));
const jsonOut = opt('--json', null);
const work = join(tmpdir(), 'loom-bench');
mkdirSync(work, { recursive: true });
const env = { ...process.env, LOOM_NO_REBUILD: '1' };

function run(cmd, argv, opts = {}) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, argv, { encoding: 'utf8', env: opts.env ?? env, timeout: opts.timeout ?? 120_000, maxBuffer: 64 << 20 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0 && !opts.allowFail) {
        throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status ?? r.signal}\n${r.stdout}\n${r.stderr}`);
    }
    return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms };
}

/** Compile a Hale program once (rebuilding Loom's bundle first if needed); returns the module path. */
function compile(file) {
    const r = run(process.execPath, [loomBin, 'build', file], { env: process.env });
    return r.stdout.trim().split('\n').pop();
}

const loomExec = (mod, argv = []) => run(process.execPath, [loomBin, 'exec', mod, ...argv]);

const fmtRate = (r) => (r >= 1e6 ? `${(r / 1e6).toFixed(2)}M` : `${(r / 1e3).toFixed(0)}k`) + ' msg/s';
const fmtUs = (ns) => `${(ns / 1e3).toFixed(1)} µs`;
const fmtMs = (ms) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
const ratio = (x) => `${x.toFixed(2)}x`;
const pad = (s, n) => String(s).padEnd(n);
const best = (xs, higherIsBetter) => (higherIsBetter ? Math.max(...xs) : Math.min(...xs));

function percentile(sorted, p) {
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

// ------------------------------------------------------------------------------------------- setup

process.stdout.write('Loom benchmarks: compiling the Hale programs and bundling the baselines...\n');
const baseline = join(work, 'baseline.mjs');
await build({
    entryPoints: [join(here, 'baseline.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: baseline,
    logLevel: 'error',
});
const hale = (name) => join(here, 'hale', name);
const mods = {
    two: compile(hale('two-threads.hl')),
    four: compile(hale('fanout4.hl')),
    latency: compile(hale('latency.hl')),
    hello: compile(hale('hello.hl')),
};
const COMPUTE = ['fib', 'collatz', 'sieve', 'shapes', 'strings', 'decimal', 'wordcount', 'localbus'];
const computeMods = Object.fromEntries(COMPUTE.map((n) => [n, compile(join(here, 'compute', `${n}.hl`))]));

const results = { machine: { cpus: cpus().length, node: process.version, load: loadavg() }, rounds: ROUNDS };

// -------------------------------------------------------------------------------------- throughput

function loomThroughput(mod, n) {
    const out = loomExec(mod, [String(n)]).stdout;
    const start = Number(/start_ns=(\d+)/.exec(out)[1]);
    const ends = [...out.matchAll(/end_ns=(\d+) n=(\d+) bad=(\d+)/g)];
    const ok = ends.length > 0 && ends.every((m) => Number(m[2]) === n && Number(m[3]) === 0);
    const end = Math.max(...ends.map((m) => Number(m[1])));
    return { ns: end - start, ok };
}

function baselineThroughput(transport, n, sinks) {
    const out = run(process.execPath, [baseline, transport, 'tput', String(n), String(sinks)]).stdout;
    return JSON.parse(out.trim().split('\n').pop());
}

const tput = {};
for (const [label, mod, sinks, n] of [
    ['two threads', mods.two, 1, quick ? 200_000 : 1_000_000],
    ['fan-out to four', mods.four, 4, quick ? 100_000 : 500_000],
]) {
    const rates = { loom: [], postMessage: [], ring: [] };
    let ok = true;
    for (let r = 0; r < ROUNDS; r++) {
        const l = loomThroughput(mod, n);
        const p = baselineThroughput('postmessage', n, sinks);
        const g = baselineThroughput('ring', n, sinks);
        ok = ok && l.ok && p.ok && g.ok;
        rates.loom.push((n * sinks) / (l.ns / 1e9));
        rates.postMessage.push((n * sinks) / (p.ns / 1e9));
        rates.ring.push((n * sinks) / (g.ns / 1e9));
    }
    tput[label] = {
        messages: n * sinks,
        loom: best(rates.loom, true),
        postMessage: best(rates.postMessage, true),
        ring: best(rates.ring, true),
        complete_and_in_order: ok,
    };
}
results.throughput = tput;

// ----------------------------------------------------------------------------------------- latency

const ROUND_TRIPS = quick ? 5_000 : 20_000;
function loomLatency() {
    const out = loomExec(mods.latency, [String(ROUND_TRIPS)]).stdout;
    return [...out.matchAll(/rtt_ns=(\d+)/g)].map((m) => Number(m[1]));
}
function baselineLatency(transport) {
    const out = run(process.execPath, [baseline, transport, 'lat', String(ROUND_TRIPS)]).stdout;
    return JSON.parse(out.trim().split('\n').pop()).rtts;
}
const lat = { loom: [], postMessage: [], ring: [] };
for (let r = 0; r < ROUNDS; r++) {
    for (const [k, f] of [
        ['loom', loomLatency],
        ['postMessage', () => baselineLatency('postmessage')],
        ['ring', () => baselineLatency('ring')],
    ]) {
        const rtts = f().sort((a, b) => a - b);
        lat[k].push({ median: percentile(rtts, 0.5) / 2, p99: percentile(rtts, 0.99) / 2, n: rtts.length });
    }
}
// the round with the best median, with its own p99
const latBest = Object.fromEntries(Object.entries(lat).map(([k, xs]) => [k, xs.reduce((a, b) => (b.median < a.median ? b : a))]));
results.latency = latBest;

// ----------------------------------------------------------------------------------------- compute

// Hale prints Float with %g (six significant digits), as upstream does; compare numbers at that precision.
function sameAnswer(a, b) {
    if (a === b) return true;
    const x = Number(a);
    const y = Number(b);
    return Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= 1e-5 * Math.max(Math.abs(x), Math.abs(y));
}

const compute = {};
for (const name of COMPUTE) {
    const h = [];
    const j = [];
    let haleOut = '';
    let jsOut = '';
    for (let r = 0; r < ROUNDS; r++) {
        haleOut = loomExec(computeMods[name]).stdout;
        jsOut = run(process.execPath, [join(here, 'compute', `${name}.js`)]).stdout;
        h.push(Number(/bench \S+ (\d+)/.exec(haleOut)[1]) / 1e6);
        j.push(Number(/bench \S+ (\d+)/.exec(jsOut)[1]) / 1e6);
    }
    const answer = (s) => /bench \S+ \d+ (.*)/.exec(s)[1].trim();
    compute[name] = { hale_ms: best(h, false), js_ms: best(j, false), same_answer: sameAnswer(answer(haleOut), answer(jsOut)), hale: answer(haleOut), js: answer(jsOut) };
}
results.compute = compute;

// ---------------------------------------------------------------------------------------- start-up

const helloSrc = hale('hello.hl');
run(process.execPath, [loomBin, 'run', helloSrc]); // warm the compile cache
const startup = { warm: [], cold: [], exec: [], node: [] };
for (let r = 0; r < Math.max(5, ROUNDS); r++) {
    startup.warm.push(run(process.execPath, [loomBin, 'run', helloSrc]).ms);
    startup.exec.push(loomExec(mods.hello).ms);
    startup.node.push(run(process.execPath, ['-e', 'console.log("hello, world")']).ms);
    if (r < ROUNDS) startup.cold.push(run(process.execPath, [loomBin, 'run', helloSrc], { env: { ...env, LOOM_NO_CACHE: '1' } }).ms);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
results.startup = Object.fromEntries(Object.entries(startup).map(([k, xs]) => [k, median(xs)]));

// ------------------------------------------------------------------------------------------ report

const L = [];
L.push('');
L.push(`Loom benchmarks — node ${process.version}, ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}; best of ${ROUNDS} (runs interleaved)`);
L.push('');
L.push('Cross-thread bus throughput (messages delivered per second; Hale publisher and subscribers each pinned to a thread)');
for (const [label, t] of Object.entries(tput)) {
    L.push(
        `  ${pad(label, 16)} Loom ${pad(fmtRate(t.loom), 15)} postMessage ${pad(fmtRate(t.postMessage), 15)} raw SAB ring ${pad(fmtRate(t.ring), 15)}` +
            ` Loom/postMessage ${pad(ratio(t.loom / t.postMessage), 7)} Loom/raw ring ${ratio(t.loom / t.ring)}` +
            (t.complete_and_in_order ? '' : '   !! messages lost or out of order'),
    );
}
L.push('');
L.push(`Cross-thread send latency (ping-pong between two parked threads, one way = round trip / 2; ${ROUND_TRIPS} round trips)`);
for (const [k, v] of Object.entries(latBest)) {
    L.push(`  ${pad(k === 'loom' ? 'Loom' : k === 'ring' ? 'raw SAB ring' : 'postMessage', 14)} median ${pad(fmtUs(v.median), 10)} p99 ${fmtUs(v.p99)}`);
}
L.push(
    `  Loom/postMessage median ${ratio(latBest.loom.median / latBest.postMessage.median)}, p99 ${ratio(latBest.loom.p99 / latBest.postMessage.p99)};` +
        ` Loom/raw ring median ${ratio(latBest.loom.median / latBest.ring.median)}, p99 ${ratio(latBest.loom.p99 / latBest.ring.p99)}`,
);
L.push('');
L.push('Compute (Hale compiled by Loom vs hand-written JS; time, lower is better; ratio = Hale / JS)');
let worst = 0;
for (const [name, c] of Object.entries(compute)) {
    const x = c.hale_ms / c.js_ms;
    worst = Math.max(worst, x);
    L.push(`  ${pad(name, 10)} Hale ${pad(fmtMs(c.hale_ms), 10)} JS ${pad(fmtMs(c.js_ms), 10)} ${ratio(x)}${c.same_answer ? '' : `   !! answers differ: ${c.hale} vs ${c.js}`}`);
}
const geo = Math.exp(Object.values(compute).reduce((a, c) => a + Math.log(c.hale_ms / c.js_ms), 0) / COMPUTE.length);
L.push(`  geometric mean ${ratio(geo)}, worst ${ratio(worst)}`);
L.push('');
L.push('Start-up (wall time of the whole command, median)');
L.push(`  loom run hello.hl, compile cache warm   ${fmtMs(results.startup.warm)}`);
L.push(`  loom run hello.hl, cold (compiles)      ${fmtMs(results.startup.cold)}`);
L.push(`  loom exec hello.loom.mjs                ${fmtMs(results.startup.exec)}`);
L.push(`  node -e (plain Node, for reference)     ${fmtMs(results.startup.node)}`);
L.push('');
process.stdout.write(L.join('\n') + '\n');
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 2) + '\n');
