// The run-expect conformance harness: compile every program of ../shared/hale-corpus/run-expect.jsonl (each
// alone, in a folder of its own, as upstream's tests built them), run it with the real `loom exec`, and
// compare stdout with the strings upstream's natively compiled binaries printed.

import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

/** The corpus (read-only material next to the repo); override with HALE_CORPUS. */
export let corpusDir = process.env.HALE_CORPUS ?? join(process.cwd(), '..', '..', '..', 'shared', 'hale-corpus');
export function setCorpusDir(d: string): void {
    corpusDir = d;
}

export interface Expect {
    id: string;
    contains: string[];
    absent: string[];
}

export interface Outcome {
    id: string;
    pass: boolean;
    reason: string;
    stdout: string;
    stderr: string;
    code: number | null;
    ms: number;
}

export function loadExpectations(): Expect[] {
    return readFileSync(join(corpusDir, 'run-expect.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
}

/** A TCP/UDP port nobody listens on right now (the OS picks it). */
function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.on('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const port = (srv.address() as net.AddressInfo).port;
            srv.close(() => resolve(port));
        });
    });
}

/**
 * The arguments a program is run with. Programs that read a port from argv[1]
 * (`std::str::parse_int(std::env::arg(1))`) were run by upstream's harness with a free port; so are they here.
 */
async function argsFor(source: string): Promise<string[]> {
    return /parse_int\(\s*std::env::arg\(1\)\s*\)/.test(source) ? [String(await freePort())] : [];
}

/** `loom exec` a compiled program with its stdin closed; the whole process group is killed at the deadline. */
export function execProgram(loomBin: string, file: string, timeoutMs: number, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string; ms: number; timedOut: boolean }> {
    return new Promise((resolve) => {
        const t0 = performance.now();
        const child = spawn(process.execPath, [loomBin, 'exec', file, ...args], {
            env: { ...process.env, LOOM_NO_REBUILD: '1' },
            stdio: ['pipe', 'pipe', 'pipe'],
            detached: true,
        });
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.stdin.end();
        const timer = setTimeout(() => {
            timedOut = true;
            try {
                process.kill(-child.pid!, 'SIGKILL');
            } catch {
                child.kill('SIGKILL');
            }
        }, timeoutMs);
        child.on('close', (code) => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr, ms: performance.now() - t0, timedOut });
        });
    });
}

export async function runConformance(opts: {
    loomBin: string;
    compile: (file: string) => Promise<{ ok: boolean; programFile?: string; diagnostics: any[]; unsupported: any[] }>;
    ids?: string[];
    timeoutMs?: number;
    parallel?: number;
    onResult?: (o: Outcome) => void;
}): Promise<Outcome[]> {
    const all = loadExpectations().filter((e) => !opts.ids || opts.ids.includes(e.id));
    const work = join(tmpdir(), 'loom-conformance');
    mkdirSync(work, { recursive: true });
    const compiled: { e: Expect; file?: string; reason?: string }[] = [];
    for (const e of all) {
        const dir = join(work, e.id);
        mkdirSync(dir, { recursive: true });
        const src = join(corpusDir, 'programs', `${e.id}.hl`);
        const dst = join(dir, 'main.hl');
        copyFileSync(src, dst);
        try {
            const r = await opts.compile(dst);
            if (!r.ok) compiled.push({ e, reason: 'refused: ' + (r.diagnostics.find((d: any) => d.severity === 'error')?.message ?? '?') });
            else if (r.unsupported.length) compiled.push({ e, reason: 'unsupported: ' + r.unsupported.map((u: any) => u.what).join('; ') });
            else compiled.push({ e, file: r.programFile });
        } catch (err: any) {
            compiled.push({ e, reason: 'compiler crash: ' + (err?.stack ?? err).toString().split('\n').slice(0, 3).join(' | ') });
        }
    }
    const results: Outcome[] = [];
    const queue = [...compiled];
    const workers = Array.from({ length: opts.parallel ?? 2 }, async () => {
        while (queue.length) {
            const c = queue.shift()!;
            let o: Outcome;
            if (!c.file) o = { id: c.e.id, pass: false, reason: c.reason!, stdout: '', stderr: '', code: null, ms: 0 };
            else {
                const args = await argsFor(readFileSync(join(corpusDir, 'programs', `${c.e.id}.hl`), 'utf8'));
                const r = await execProgram(opts.loomBin, c.file, opts.timeoutMs ?? 10_000, args);
                const missing = c.e.contains.filter((s) => !r.stdout.includes(s));
                const present = c.e.absent.filter((s) => r.stdout.includes(s));
                const pass = !r.timedOut && missing.length === 0 && present.length === 0;
                const reason = r.timedOut
                    ? 'timeout'
                    : missing.length
                      ? `missing ${JSON.stringify(missing)}`
                      : present.length
                        ? `unexpected ${JSON.stringify(present)}`
                        : 'ok';
                o = { id: c.e.id, pass, reason, stdout: r.stdout, stderr: r.stderr, code: r.code, ms: r.ms };
            }
            results.push(o);
            opts.onResult?.(o);
        }
    });
    await Promise.all(workers);
    return results;
}

export function writeReport(results: Outcome[], file: string): void {
    const lines = results
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((r) => `${r.pass ? 'PASS' : 'FAIL'} ${r.id} ${r.reason}${r.pass ? '' : ` | stderr: ${r.stderr.split('\n').slice(0, 3).join(' / ')}`}`);
    writeFileSync(file, lines.join('\n') + '\n');
    void existsSync;
}
