// The host: Loom's JS main thread. It never runs Hale code. It builds the shared memory (one SPSC ring per
// ordered pair of Hale threads, a doorbell per thread, the process flags), spawns one worker per Hale
// thread (the `main` pool, each named pool, each pinned locus and replica), turns SIGINT/SIGTERM into the
// drain cascade, and ends the process with the code the program reports.
//
// Keeping the Hale `main` pool off the JS main thread is what lets a signal be handled while Hale code
// blocks in a sleep (Node delivers signals only to the JS main thread's event loop).

import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { createDoorbell, createRing, ringAlways, type RingShared } from './threads/ring.js';
import { G_SHUTDOWN, G_SIGNAL, G_WORDS, type ThreadBoot, type ThreadSpec } from './threads/context.js';
import { hostAnswer } from './threads/hostcall.js';
import { handleHostCall } from './host-services.js';

export interface RunOptions {
    argv: string[];
    cwd?: string;
    /** Print the run log (threads, placement, affinity) on stderr. */
    log?: boolean;
    /** Bytes per ring; default scales with the thread count. */
    ringBytes?: number;
    /** Where worker.mjs lives (the bundled runtime). */
    workerFile: string;
}

export interface RunResult {
    code: number;
}

function ringSize(threads: number, override?: number): number {
    if (override) return override;
    const pairs = Math.max(1, threads * (threads - 1));
    let size = 1 << 20;
    while (size > 1 << 16 && size * pairs > 32 << 20) size >>= 1;
    return size;
}

export function runLog(line: string): void {
    process.stderr.write(`[loom] ${line}\n`);
}

export async function runProgram(programFile: string, opts: RunOptions): Promise<RunResult> {
    const mod = await import(pathToFileURL(programFile).href);
    const threads: ThreadSpec[] = mod.plan?.threads ?? [
        { id: 0, kind: 'main', name: 'main', asyncIo: false, cores: [] },
    ];
    const n = threads.length;
    const size = ringSize(n, opts.ringBytes);
    const rings: (RingShared | null)[][] = [];
    for (let i = 0; i < n; i++) {
        rings.push([]);
        for (let j = 0; j < n; j++) rings[i].push(i === j ? null : createRing(size));
    }
    const doorbells = threads.map(() => createDoorbell());
    const globalSab = new SharedArrayBuffer(G_WORDS * 4);
    const global = new Int32Array(globalSab);
    const cwd = opts.cwd ?? process.cwd();
    const env = opts.log ? { ...process.env, LOOM_LOG: '1' } : process.env;

    if (opts.log) {
        for (const t of threads) {
            runLog(
                `thread ${t.id} '${t.name}' ${t.kind}${t.asyncIo ? ' async_io' : ''}` +
                    (t.cores.length ? ` cores=${t.cores.join(',')}` : ''),
            );
        }
    }

    return await new Promise<RunResult>((resolve) => {
        const workers: Worker[] = [];
        let finished = false;
        const finish = (code: number) => {
            if (finished) return;
            finished = true;
            Atomics.store(global, G_SHUTDOWN, 2);
            for (const db of doorbells) ringAlways(new Int32Array(db));
            process.off('SIGINT', onSigint);
            process.off('SIGTERM', onSigterm);
            Promise.all(workers.map((w) => w.terminate())).then(
                () => resolve({ code }),
                () => resolve({ code }),
            );
        };
        let signalled = 0;
        const onSignal = (signo: number) => {
            if (signalled) {
                // A second signal: the program did not drain in time; stop now.
                finish(128 + signo);
                return;
            }
            signalled = signo;
            Atomics.store(global, G_SIGNAL, signo);
            Atomics.store(global, G_SHUTDOWN, 1);
            for (const db of doorbells) ringAlways(new Int32Array(db));
            setTimeout(() => finish(128 + signo), 10_000).unref();
        };
        const onSigint = () => onSignal(2);
        const onSigterm = () => onSignal(15);
        process.on('SIGINT', onSigint);
        process.on('SIGTERM', onSigterm);

        for (const spec of threads) {
            const boot: ThreadBoot = {
                spec,
                threads,
                rings,
                doorbells,
                global: globalSab,
                programFile,
                argv: opts.argv,
                cwd,
            };
            const w = new Worker(opts.workerFile, {
                workerData: boot,
                name: spec.kind === 'main' ? 'main' : spec.name,
                env,
                stdout: false,
                stderr: false,
            });
            w.on('message', (m: any) => {
                if (m && m.t === 'exit') finish(m.code | 0);
                else if (m && m.t === 'hostcall') {
                    handleHostCall(m.op, m.args).then(
                        (ok) => hostAnswer(m.resp, { ok: ok ?? null }),
                        (e: any) => hostAnswer(m.resp, { err: { code: e?.code ?? 'EIO', message: String(e?.message ?? e) } }),
                    );
                } else if (m && m.t === 'log' && opts.log) runLog(m.line);
            });
            w.on('error', (err) => {
                process.stderr.write(
                    `loom: internal error on thread '${spec.name}': ${err && (err as Error).stack ? (err as Error).stack : err}\n`,
                );
                finish(70);
            });
            w.on('exit', (c) => {
                if (spec.kind === 'main' && !finished) finish(c === 0 ? 0 : 70);
            });
            workers.push(w);
        }
    });
}
