// Installing a compiled program on a thread, running `fn main()`, and ending the process with upstream's
// exit codes: `main` returning normally exits 0 (or the Int it returns), `std::process::exit(n)` exits n,
// an unhandled value error or a structural failure reaching the root exits 1 with a report on stderr, and
// a drain requested by SIGINT/SIGTERM exits 0 once the cascade has run (semantics.md, "Drain cascade"); the
// host exits 128 + the signal number only when the program does not finish draining (a second signal, or
// 10 s).

import { parentPort } from 'node:worker_threads';
import { bindAdapter, registerTopics, setAfterCell, setFailureRouter, setPayloadTypes, setRouting, setUnmatchedFactory } from './bus.js';
import { ctx } from './threads/context.js';
import { installPlacementProtocol } from './placement.js';
import {
    afterHandler,
    failureRecord,
    routeFailure,
    setRootFailureHandler,
    setViolationFactory,
    typeName,
} from './locus.js';
import { HaleExit, HaleFail, HalePanic, HaleViolation } from './errors.js';
import { HaleShutdown } from './sched.js';
import { flushStdout, writeErr } from './stdout.js';
import { api } from './api.js';
import { formatHaleStack } from './stack.js';
import { recordClasses } from './helpers.js';
import { hostCall } from './threads/hostcall.js';
import { setBindingRealizer } from './locus.js';

export function createRuntime(): typeof api {
    return api;
}

export interface ProgramPlan {
    threads: import('./threads/context.js').ThreadSpec[];
    routing: { thread: number; subjects: string[] }[];
}

export function installProgram(program: any, plan: ProgramPlan | undefined): void {
    ctx.program = program;
    for (const [name, cls] of Object.entries(program.records ?? {})) recordClasses.set(name, cls);
    setPayloadTypes(program.payloadTypes ?? []);
    registerTopics(program.topics ?? []);
    if (plan && plan.routing) setRouting(plan.routing);
    if (program.makeViolation) setViolationFactory(program.makeViolation);
    if (program.makeUnmatched) setUnmatchedFactory(program.makeUnmatched);
    installPlacementProtocol();
    setFailureRouter(routeFailure);
    setAfterCell(afterHandler);
    setRootFailureHandler(rootFailure);
    setBindingRealizer((o, bindings) => {
        for (const b of bindings) {
            if (b.kind === 'adapter') bindAdapter(b.subject, b.make(o));
            else if (b.kind === 'unix') {
                try {
                    hostCall(b.role === 'listen' ? 'unix.listen' : 'unix.connect', [b.path]);
                } catch (e: any) {
                    writeErr(`Hale: bus binding failed: subject=${b.subject} url=unix://${b.path} (${e?.message ?? e})\n`);
                    exitProcess(1);
                }
            }
        }
    });
}

/** End the whole process now (no further Hale code runs on this thread). */
export function exitProcess(code: number): never {
    flushStdout();
    if (parentPort) {
        parentPort.postMessage({ t: 'exit', code });
        // Wait for the host to end the process; never return into Hale code.
        const block = new Int32Array(new SharedArrayBuffer(4));
        for (;;) Atomics.wait(block, 0, 0, 1000);
    }
    process.exit(code);
}

function rootFailure(o: any, e: unknown): never {
    writeErr(rootReport(o, e));
    exitProcess(1);
}

export function rootReport(o: any, e: unknown): string {
    if (e instanceof HaleFail) return `Hale panic: unhandled ${e.typeName} escaping main locus\n`;
    if (e instanceof HaleViolation) {
        const r = e.record;
        let s = `Hale: closure violation escaped the root: closure=${r.closure} locus=${r.locus} epoch=${r.epoch}`;
        if (r.detail) s += ` detail=${r.detail}`;
        if (r.captures) s += ` captures=${r.captures}`;
        return s + '\n';
    }
    if (e instanceof HalePanic) return `Hale panic: ${e.message}\n${formatHaleStack(e)}`;
    if (e instanceof Error) {
        const rec = failureRecord(o, e);
        return `Hale panic in ${o ? typeName(o) : 'main'}: ${rec.detail}\n${formatHaleStack(e)}`;
    }
    return `Hale panic: ${String(e)}\n`;
}

/** Run `fn main()` on the main pool thread and exit with its code. */
export function runMainFn(program: any): never {
    let code = 0;
    try {
        const r = program.main(ctx.argv);
        if (typeof r === 'number' || typeof r === 'bigint') code = Number(BigInt.asIntN(32, BigInt(r))) & 0xff;
    } catch (e) {
        if (e instanceof HaleExit) code = e.code;
        else if (e instanceof HaleShutdown) code = 0; // fn main unwound by a drain request; its frame was torn down
        else {
            writeErr(rootReport(null, e));
            code = 1;
        }
    }
    exitProcess(code);
}
