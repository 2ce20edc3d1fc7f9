/**
 * Editor latency on a generated 5,000-line program (92 loci over 46 topics, five pools and pinned threads,
 * one file), over the bundled server's stdio as an editor drives it: completion, hover and semantic tokens,
 * median and p90, each measured three ways — with the server idle; sent right behind a keystroke's
 * didChange (the rebuild is pending: answered from the last snapshot); and sent as the keystroke's
 * diagnostics arrive (the editor snapshot of the new text is being built in slices). The bar is 50 ms
 * median. Figures depend on the machine's load: run it alone.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, fileUri } from '../test/lsp-client.js';
import { generateProgram } from '../../language/bench/generate-program.js';

const BAR_MS = 50;
const WARMUP = 6, RUNS = 40;

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

function positionOf(text: string, offset: number): { line: number; character: number } {
    const before = text.slice(0, offset);
    return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
}

const generated = generateProgram({ loci: 92, files: 1 });
const text = generated.files.map(f => f.text).join('\n');
const lines = text.split('\n').length;
const dir = mkdtempSync(join(tmpdir(), 'hale-editor-bench-'));
writeFileSync(join(dir, 'app.hl'), text);
const uri = fileUri(join(dir, 'app.hl'));

const client = await LspClient.start();
const openStart = performance.now();
const opened = await client.open(uri, text);
console.log(`generated program: ${lines} lines, one file; first build and diagnostics in ${(performance.now() - openStart).toFixed(0)} ms (${opened.diagnostics.length} diagnostics)`);

/** A keystroke: the k-th variant of the text, which also holds a half-typed `self.` completion site. */
function keystroke(k: number): { text: string; completeAt: { line: number; character: number } } {
    const anchor = `    fn report() {\n`;
    let at = -1;
    for (let i = 0; i <= k % 80; i++) at = text.indexOf(anchor, at + 1);
    const typed = `        self.${'xyz'.slice(0, k % 3)}`;
    const edited = text.slice(0, at + anchor.length) + typed + '\n' + text.slice(at + anchor.length);
    return { text: edited, completeAt: positionOf(edited, at + anchor.length + typed.length) };
}

const hoverSites: Array<{ line: number; character: number }> = [];
for (let t = 0; t < 40; t++) {
    const i = text.indexOf(`Topic${t} <- Reading`);
    if (i >= 0) hoverSites.push(positionOf(text, i + 2));
    const d = text.indexOf(`locus Worker${t} {`);
    if (d >= 0) hoverSites.push(positionOf(text, d + 8));
}

type Sample = { idle: number[]; typing: number[]; diagnosed: number[] };
const results: Record<'completion' | 'hover' | 'semantic tokens', Sample> = {
    completion: { idle: [], typing: [], diagnosed: [] }, hover: { idle: [], typing: [], diagnosed: [] }, 'semantic tokens': { idle: [], typing: [], diagnosed: [] },
};
const pause = (ms: number) => new Promise(r => setTimeout(r, ms));
let emptyCompletions = 0, emptyHovers = 0;

for (let k = 0; k < WARMUP + RUNS; k++) {
    const record = k >= WARMUP;
    const { text: edited, completeAt } = keystroke(k);
    const hoverAt = hoverSites[k % hoverSites.length];

    // Right behind a keystroke: each request sent right after its own didChange.
    let published = client.change(uri, edited);
    let t0 = performance.now();
    const items = await client.completion(uri, completeAt);
    if (record) results.completion.typing.push(performance.now() - t0);
    if (!items.some(i => i.label === 'seen')) emptyCompletions++;
    await published;
    // As the diagnostics arrive: the snapshot of the new text is being built.
    t0 = performance.now();
    await client.completion(uri, completeAt);
    if (record) results.completion.diagnosed.push(performance.now() - t0);

    published = client.change(uri, text);
    t0 = performance.now();
    const h = await client.hover(uri, hoverAt);
    if (record) results.hover.typing.push(performance.now() - t0);
    if (!h) { emptyHovers++; if (process.env.HALE_BENCH_SAMPLES) console.log(`no hover at ${JSON.stringify(hoverAt)} (k=${k}): ${text.split("\n")[hoverAt.line]}`); }
    await published;
    t0 = performance.now();
    await client.hover(uri, hoverAt);
    if (record) results.hover.diagnosed.push(performance.now() - t0);

    published = client.change(uri, edited);
    t0 = performance.now();
    await client.semanticTokens(uri);
    if (record) results['semantic tokens'].typing.push(performance.now() - t0);
    await published;
    t0 = performance.now();
    await client.semanticTokens(uri);
    if (record) results['semantic tokens'].diagnosed.push(performance.now() - t0);

    // Idle: the build and the snapshot of the text are done.
    await pause(400);
    t0 = performance.now();
    await client.completion(uri, completeAt);
    if (record) results.completion.idle.push(performance.now() - t0);
    t0 = performance.now();
    await client.hover(uri, hoverSites[(k + 1) % hoverSites.length]);
    if (record) results.hover.idle.push(performance.now() - t0);
    t0 = performance.now();
    const tokens = await client.semanticTokens(uri);
    if (record) results['semantic tokens'].idle.push(performance.now() - t0);
    if (k === 0) console.log(`semantic tokens of the file: ${(tokens?.data.length ?? 0) / 5}`);
    await client.change(uri, text);
}
await client.stop();

console.log(`editor latency over stdio, ${RUNS} runs each (bar: ${BAR_MS} ms median; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores):`);
for (const [name, s] of Object.entries(results)) {
    for (const mode of ['idle', 'typing', 'diagnosed'] as const) {
        const med = quantile(s[mode], 0.5), p90 = quantile(s[mode], 0.9);
        const label = mode === 'idle' ? 'idle' : mode === 'typing' ? 'right behind a keystroke' : 'as diagnostics arrive';
        console.log(`  ${name.padEnd(16)} ${label.padEnd(24)} median ${med.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms (${(med / BAR_MS).toFixed(2)}x the bar)`);
    }
}
if (process.env.HALE_BENCH_SAMPLES) for (const [name, s] of Object.entries(results)) console.log(name, s.typing.map(x => x.toFixed(0)).join(' '));
if (emptyCompletions || emptyHovers) console.log(`  (answers missing their content: ${emptyCompletions} completions, ${emptyHovers} hovers)`);
