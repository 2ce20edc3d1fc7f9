/**
 * The program model on a generated 5,000-line program (92 loci over 46 topics, five pools and pinned
 * threads), over the bundled server's stdio as an editor drives it: a keystroke's didChange to the
 * republished diagnostics, median and p90; an edit that changes another file's diagnostics, until that
 * file is republished; the server's memory after the build; and, in-process, what the model itself costs
 * per rebuild. Figures depend on the machine's load: run it alone.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmptyFileSystem, URI } from 'langium';
import { LspClient, fileUri } from '../../server/test/lsp-client.js';
import { createHaleCoreServices } from '../src/hale-module.js';
import { extractFacts } from '../src/model/extract.js';
import { buildProgramModel } from '../src/model/program-model.js';
import { runChecks } from '../src/model/checks/index.js';
import { generateProgram } from './generate-program.js';

const TARGET_MS = 150;
const WARMUP = 10, RUNS = 40;

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** The server's processes: the stdio launcher and the server it re-executes once (Linux /proc). */
function serverPids(client: LspClient): number[] {
    const launcher = (client as unknown as { process: { pid: number } }).process.pid;
    try {
        return [launcher, ...readFileSync(`/proc/${launcher}/task/${launcher}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)];
    } catch {
        return [];
    }
}

/** Resident memory of the server, in MB. */
function serverRssMb(client: LspClient): number | undefined {
    const rss = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    const pids = serverPids(client);
    return pids.length ? Math.max(...pids.map(rss)) : undefined;
}

/**
 * CPU time the server has used, in ms (user + system, all its processes): per keystroke, what the answer
 * costs on an idle machine, whatever else the machine is doing while the benchmark runs.
 */
function serverCpuMs(client: LspClient): number {
    let ticks = 0;
    for (const pid of serverPids(client)) {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks * 10; // USER_HZ = 100
}

async function measure(label: string, files: Array<{ name: string; text: string }>, edited: string): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'hale-model-bench-'));
    for (const f of files) writeFileSync(join(dir, f.name), f.text);
    const uris = files.map(f => fileUri(join(dir, f.name)));
    const editedUri = fileUri(join(dir, edited));
    const declaringUri = fileUri(join(dir, 'app.hl'));
    const text = files.find(f => f.name === edited)!.text;
    const lines = files.reduce((n, f) => n + f.text.split('\n').length, 0);

    const client = await LspClient.start();
    const all = Promise.all(uris.filter(u => u !== editedUri).map(u => client.nextDiagnostics(u, 60_000)));
    const openStart = performance.now();
    await client.open(editedUri, text);
    await all;
    const openMs = performance.now() - openStart;
    const rss = serverRssMb(client);

    // A keystroke in a method body: one character of a duration literal, alternating so the text changes.
    const keystroke = (k: number) => text.replace('std::time::sleep(10ms);', `std::time::sleep(${10 + (k % 9)}ms);`);
    const own: number[] = [];
    let cpuStart = 0;
    for (let k = 0; k < WARMUP + RUNS; k++) {
        if (k === WARMUP) cpuStart = serverCpuMs(client);
        const start = performance.now();
        await client.change(editedUri, keystroke(k + 1));
        if (k >= WARMUP) own.push(performance.now() - start);
    }
    const cpuPerKeystroke = (serverCpuMs(client) - cpuStart) / RUNS;
    // An edit that changes another file's diagnostics: publishing the unused topic (declared in app.hl)
    // clears its dead-wiring warning there, and unpublishing brings it back.
    const cross: number[] = [];
    const separate = files.length > 1;
    for (let k = 0; k < (separate ? RUNS : 0); k++) {
        const published = text.replace(/(bus \{\n)/, `$1        publish Unused;\n`);
        const next = k % 2 === 0 ? published : text;
        const other = client.nextDiagnostics(declaringUri, 60_000);
        const start = performance.now();
        await client.change(editedUri, next);
        await other;
        cross.push(performance.now() - start);
    }
    await client.stop();
    const count = [...client.diagnostics.values()].reduce((n, d) => n + d.length, 0);
    console.log(`${label}: ${lines} lines in ${files.length} file(s), ${count} diagnostics`);
    console.log(`  didOpen → every file's diagnostics: ${ms(openMs)}; server memory after the build: ${rss ? `${rss.toFixed(0)} MB RSS` : 'n/a'}`);
    console.log(`  keystroke → republished diagnostics: median ${ms(quantile(own, 0.5))}, p90 ${ms(quantile(own, 0.9))}  (target median ${TARGET_MS} ms: ${(quantile(own, 0.5) / TARGET_MS).toFixed(2)}x); server CPU per keystroke ${ms(cpuPerKeystroke)}`);
    if (separate) console.log(`  edit changing another file's diagnostics → that file republished: median ${ms(quantile(cross, 0.5))}, p90 ${ms(quantile(cross, 0.9))}`);
}

function modelCost(files: Array<{ name: string; text: string }>): void {
    const { shared } = createHaleCoreServices(EmptyFileSystem);
    const docs = files.map(f => shared.workspace.LangiumDocumentFactory.fromString(f.text, URI.file(`/bench/model/${f.name}`)));
    const time = (fn: () => void, n = 20) => { fn(); const t = performance.now(); for (let i = 0; i < n; i++) fn(); return (performance.now() - t) / n; };
    const facts = docs.map(d => extractFacts(d));
    const extractOne = time(() => extractFacts(docs[1]));
    const build = time(() => runChecks(buildProgramModel('bench', facts)));
    const before = process.memoryUsage().heapUsed;
    const kept = Array.from({ length: 10 }, () => buildProgramModel('bench', docs.map(d => extractFacts(d))));
    const perModel = (process.memoryUsage().heapUsed - before) / kept.length / 1024 / 1024;
    console.log(`  in-process, per rebuild: facts of the edited file ${ms(extractOne)}, model + checks ${ms(build)}; one snapshot with its facts ≈ ${perModel.toFixed(1)} MB`);
}

const [load] = (await import('node:os')).loadavg();
console.log(`load average ${load.toFixed(2)} on ${(await import('node:os')).cpus().length} cores (wall-clock figures grow with it; CPU per keystroke does not)`);
const program = generateProgram({ loci: 92, files: 10 });
await measure('generated program, one folder', program.files, 'workers_01.hl');
modelCost(program.files);
const single = generateProgram({ loci: 92, files: 1 });
await measure('same program, one file', [{ name: 'app.hl', text: single.files.map(f => f.text).join('\n') }], 'app.hl');
