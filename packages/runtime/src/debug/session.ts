// The Hale debug adapter: a Debug Adapter Protocol session that runs `loom run FILE.hl` under the Node
// inspector and debugs it in Hale's terms. Every Hale thread is a worker (the JS main thread is Loom's
// host and never runs Hale code), reached through the inspector's `NodeWorker` domain; each is a DAP
// thread named after its pool or pinned locus. Breakpoints, frames and stepping go through the compiler's
// source map; frames are named after Hale functions, handlers and hooks; locals, `self` and values are
// shown with Hale names and renderings from the compiler's debug info (see docs/debugging.md).
//
// Pausing a thread stops only that thread: the others keep running and publish into its mailbox, whose
// ring pushes back on a producer when full rather than dropping (threads/ring.ts), so nothing is lost.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import {
    Breakpoint,
    BreakpointEvent,
    DebugSession,
    ExitedEvent,
    InitializedEvent,
    OutputEvent,
    Scope,
    Source,
    StackFrame,
    StoppedEvent,
    TerminatedEvent,
    Thread,
    ThreadEvent,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Protocol } from 'devtools-protocol';
import type { Duplex } from 'node:stream';
import { CdpConnection, type CdpSession, type WorkerAttached } from './cdp.js';
import { ExprError, Translator, type ExprScope } from './expr.js';
import { FORMAT_JS, formatValue, showType, type FormatTypes } from './format.js';
import type { DebugFunction, DType, DTypeDef } from './info.js';
import { normalizeFile, ProgramMap, type HalePos } from './program.js';

export interface LaunchArgs extends DebugProtocol.LaunchRequestArguments {
    /** The `.hl` file (or program folder) to run. */
    program: string;
    args?: string[];
    env?: Record<string, string | null>;
    cwd?: string;
    stopOnEntry?: boolean;
    /** The Node.js that runs the program (default: the one running the adapter, i.e. the editor's own). */
    runtimeExecutable?: string;
}

export interface AdapterOptions {
    /** The Loom launcher: `packages/runtime/bin/loom.js`, or the extension's `out/loom.cjs`. */
    loom: string;
    /** The debug agent preloaded into the program (agent.ts bundled as `debug-agent.cjs`). */
    agent: string;
    /** The Node executable that runs the program (default: the one running the adapter). */
    node?: string;
}

type CallFrame = Protocol.Debugger.CallFrame;
type RemoteObject = Protocol.Runtime.RemoteObject;

interface Stepping {
    kind: 'over' | 'in' | 'out';
    /** Set when a stop landed on code the compiler generated (no Hale line): report it as this once on a Hale line. */
    reportAs?: 'breakpoint' | 'entry' | 'pause';
    file?: string;
    line?: number;
    depth: number;
    count: number;
}

interface HaleThread {
    id: number;
    /** `main pool`, `pool io`, `pinned App.sink: VecSink`. */
    name: string;
    /** The worker's name as Loom gave it (the pool name, or the pinned field path). */
    workerName: string;
    kind: string;
    session: CdpSession;
    /** Past its "break on start" pause, with our breakpoints set. */
    started: boolean;
    paused?: { frames: CallFrame[]; reason: string };
    stepping?: Stepping;
    /** Our breakpoint id → the inspector's breakpoint ids in this thread. */
    cdpBreakpoints: Map<number, string[]>;
    entryBreakpoint?: string;
    /** Whether Loom's runtime and Node are blackboxed in this thread now (see `syncBlackbox`). */
    blackboxed?: boolean;
    pausing?: boolean;
    /** Breakpoint changes in this thread, one at a time (see `syncBreakpoints`). */
    breakpointQueue: Promise<void>;
    /** The program module's script ids in this thread (call frames name scripts by id). */
    programScripts: Set<string>;
    /** Node's own scripts (`node:` URLs): the worker's start-up runs only these. */
    nodeScripts: Set<string>;
}

interface HaleBreakpoint {
    id: number;
    file: string;
    line: number;
    condition?: string;
    hitCondition?: string;
    logMessage?: string;
    verified: boolean;
    boundLine?: number;
    message?: string;
    /** The condition the inspector evaluates (translated condition, hit count, logpoint). */
    cdpCondition?: string;
    positions: { line: number; column: number }[];
}

type VarRef =
    | { kind: 'locals'; thread: number; frame: FrameRef }
    | { kind: 'value'; thread: number; objectId: string; type: DType };

interface FrameRef {
    thread: number;
    callFrame: CallFrame;
    pos: HalePos | null;
    fn?: DebugFunction;
}

const PRIMITIVE = new Set(['number', 'string', 'boolean', 'bigint', 'undefined']);

export class HaleDebugSession extends DebugSession {
    private child: ChildProcess | undefined;
    private cdp: CdpConnection | undefined;
    private program: ProgramMap | undefined;
    private threads = new Map<number, HaleThread>();
    private nextThreadId = 1;
    private breakpoints = new Map<string, HaleBreakpoint[]>();
    private nextBreakpointId = 1;
    private configured!: Promise<void>;
    private markConfigured!: () => void;
    private refs = new Map<number, VarRef>();
    private frames = new Map<number, FrameRef>();
    private nextRef = 1;
    private launch: LaunchArgs | undefined;
    private cwd = process.cwd();
    private exited = false;
    private pauseOnPanics = false;
    private outputTail: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };

    constructor(private readonly options: AdapterOptions) {
        super();
        this.setDebuggerLinesStartAt1(true);
        this.setDebuggerColumnsStartAt1(true);
        this.configured = new Promise((r) => (this.markConfigured = r));
    }

    // ------------------------------------------------------------------------------ set-up

    protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
        response.body = {
            supportsConfigurationDoneRequest: true,
            supportsConditionalBreakpoints: true,
            supportsHitConditionalBreakpoints: true,
            supportsLogPoints: true,
            supportsEvaluateForHovers: true,
            supportsTerminateRequest: true,
            supportsSingleThreadExecutionRequests: true,
            supportsDelayedStackTraceLoading: false,
            exceptionBreakpointFilters: [
                { filter: 'panics', label: 'Hale panics', description: 'Pause where a Hale panic (or a runtime error in Hale code) is raised', default: false },
            ],
        };
        this.sendResponse(response);
    }

    protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
        this.markConfigured();
        this.sendResponse(response);
    }

    protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchArgs): Promise<void> {
        args ??= {} as LaunchArgs;
        try {
            const problem = this.checkLaunch(args);
            if (problem) return this.sendErrorResponse(response, { id: 1001, format: problem, showUser: true });
            this.launch = args;
            const program = resolve(args.cwd ?? process.cwd(), args.program);
            this.cwd = args.cwd ? resolve(args.cwd) : statSync(program).isDirectory() ? program : dirname(program);
            const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
            for (const [k, v] of Object.entries(args.env ?? {})) {
                if (v === null) delete env[k];
                else env[k] = String(v);
            }
            const node = args.runtimeExecutable ?? this.options.node ?? process.execPath;
            const loomArgs = [this.options.loom, 'run', program, ...(args.args ?? []).map(String)];
            if (args.noDebug) {
                this.child = spawn(node, loomArgs, { cwd: this.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
                this.pipeOutput(this.child);
                this.sendResponse(response);
                this.sendEvent(new InitializedEvent());
                return;
            }
            // The agent (preloaded into the host thread) relays the inspector over fd 3; see agent.ts.
            this.child = spawn(node, ['--require', this.options.agent, ...loomArgs], {
                cwd: this.cwd,
                env: { ...env, HALE_DEBUG_AGENT_FD: '3' },
                stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
            });
            const child = this.child;
            void this.pipeOutput(child);
            this.cdp = new CdpConnection(child.stdio[3] as Duplex);
            const ready = await Promise.race([
                this.attachMain(this.cdp).then(() => true),
                new Promise<false>((r) => setTimeout(() => r(false), 20_000).unref()),
            ]).catch(() => false);
            if (!ready) {
                // The agent never answered: a Node without the inspector, or one that refused --require.
                this.killChild('SIGKILL');
                return this.sendErrorResponse(response, {
                    id: 1002,
                    format: `Hale: could not start ${basename(program)} under the debugger: ${node} did not load the Hale debug agent with its inspector. Set "runtimeExecutable" to a Node.js 20 or later.`,
                    showUser: true,
                });
            }
            this.sendResponse(response);
            this.sendEvent(new InitializedEvent());
        } catch (e) {
            this.sendErrorResponse(response, { id: 1003, format: `Hale: ${(e as Error).message}`, showUser: true });
            this.killChild('SIGKILL');
        }
    }

    private checkLaunch(args: LaunchArgs): string | null {
        if (typeof args.program !== 'string' || !args.program) return "the launch configuration needs 'program': the .hl file (or program folder) to debug";
        if (args.args !== undefined && (!Array.isArray(args.args) || args.args.some((a) => typeof a !== 'string'))) return "'args' must be a list of strings";
        if (args.env !== undefined && (typeof args.env !== 'object' || Array.isArray(args.env))) return "'env' must be an object of strings";
        if (args.runtimeExecutable !== undefined && (typeof args.runtimeExecutable !== 'string' || !existsSync(args.runtimeExecutable))) return `'runtimeExecutable' is not a file: ${args.runtimeExecutable}`;
        if (args.cwd !== undefined && (typeof args.cwd !== 'string' || !existsSync(args.cwd) || !statSync(args.cwd).isDirectory())) return `'cwd' is not a folder: ${args.cwd}`;
        const program = resolve(args.cwd ?? process.cwd(), args.program);
        if (!existsSync(program)) return `there is no ${args.program} to debug`;
        if (!statSync(program).isDirectory() && !program.endsWith('.hl')) return `${basename(program)} is not a Hale program (a .hl file or a folder of them)`;
        if (!existsSync(this.options.loom)) return `the Loom runtime is missing (${this.options.loom})`;
        return null;
    }

    /** Forward the program's output to the debug console, line by line. */
    private pipeOutput(child: ChildProcess): Promise<void> {
        return new Promise((resolveDone) => {
            const onLine = (category: 'stdout' | 'stderr', line: string, final: boolean) => {
                this.output(category, line + (final ? '' : '\n'));
            };
            for (const category of ['stdout', 'stderr'] as const) {
                const stream = category === 'stdout' ? child.stdout : child.stderr;
                stream?.setEncoding('utf8');
                stream?.on('data', (d: string) => {
                    const text = this.outputTail[category] + d;
                    const lines = text.split('\n');
                    this.outputTail[category] = lines.pop()!;
                    for (const l of lines) onLine(category, l.replace(/\r$/, ''), false);
                });
            }
            child.on('error', (e) => {
                this.output('stderr', `Hale: could not start the Loom runtime: ${e.message}\n`);
                resolveDone();
                this.ended(1);
            });
            child.on('exit', (code, signal) => {
                for (const category of ['stdout', 'stderr'] as const) {
                    if (this.outputTail[category]) onLine(category, this.outputTail[category], true);
                    this.outputTail[category] = '';
                }
                resolveDone();
                this.ended(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 9) : 0));
            });
        });
    }

    /** One line of program output, with a link when it names a `file.hl:line[:col]`. */
    private output(category: 'stdout' | 'stderr' | 'console', text: string): void {
        const e = new OutputEvent(text, category) as DebugProtocol.OutputEvent;
        const m = /(?:^|[\s(])((?:[A-Za-z]:)?[^\s():]*\.hl):(\d+)(?::(\d+))?/.exec(text);
        if (m) {
            const file = isAbsolute(m[1]) ? m[1] : resolve(this.cwd, m[1]);
            if (existsSync(file)) {
                e.body.source = new Source(basename(file), file);
                e.body.line = Number(m[2]);
                if (m[3]) e.body.column = Number(m[3]);
            }
        }
        this.sendEvent(e);
    }

    private ended(code: number): void {
        if (this.exited) return;
        this.exited = true;
        this.cdp?.close();
        for (const t of this.threads.values()) this.sendEvent(new ThreadEvent('exited', t.id));
        this.threads.clear();
        this.sendEvent(new ExitedEvent(code));
        this.sendEvent(new TerminatedEvent());
    }

    // ---------------------------------------------------------------------- the inspector

    private async attachMain(cdp: CdpConnection): Promise<void> {
        const main = cdp.main;
        main.on('Debugger.scriptParsed', (p: Protocol.Debugger.ScriptParsedEvent) => {
            if (this.program || !/\.loom\.m?js$/.test(p.url)) return;
            const program = ProgramMap.load(p.url);
            if (!program) return;
            this.program = program;
            this.bindAllBreakpoints();
            // Nothing else to see on the host thread: stop its debugger (it never runs Hale code).
            void main.send('Debugger.disable').catch(() => undefined);
        });
        main.on('Debugger.paused', () => {
            // The host thread runs no Hale code: it never stays stopped.
            void main.send('Debugger.resume').catch(() => undefined);
        });
        main.on('NodeWorker.attachedToWorker', (p: WorkerAttached) => void this.attachWorker(cdp, p));
        main.on('NodeWorker.detachedFromWorker', (p: { sessionId: string }) => {
            for (const t of this.threads.values()) {
                if (t.session === cdp.workers.get(p.sessionId)) {
                    this.threads.delete(t.id);
                    this.forget(t.id);
                    this.sendEvent(new ThreadEvent('exited', t.id));
                }
            }
        });
        // The agent enabled both before the program started; asking again is the handshake (and replays
        // the scripts already parsed, the compiled module among them if it is loaded already).
        await main.send('Debugger.enable');
        await main.send('NodeWorker.enable', { waitForDebuggerOnStart: true });
    }

    private threadName(workerName: string): { name: string; kind: string } {
        const plan = this.program?.plan();
        const spec = plan?.threads.find((t) => t.name === workerName);
        if (!spec) return { name: workerName, kind: 'unknown' };
        if (spec.kind === 'main') return { name: 'main pool', kind: 'main' };
        if (spec.kind === 'pool') return { name: `pool ${spec.name}${spec.asyncIo ? ' (async_io)' : ''}`, kind: 'pool' };
        // A pinned locus: `App.sink` → the type of the main locus's field `sink`.
        const [owner, field] = spec.name.replace(/\[\d+\]$/, '').split('.');
        const def = owner ? this.program?.typeDef(owner) : undefined;
        const ft = def?.kind === 'locus' ? def.params.find(([n]) => n === field)?.[1] : undefined;
        const locus = ft && typeof ft === 'object' && 'name' in ft ? ft.name : undefined;
        return { name: `pinned ${spec.name}${locus ? `: ${locus}` : ''}`, kind: 'pinned' };
    }

    private async attachWorker(cdp: CdpConnection, a: WorkerAttached): Promise<void> {
        const session = cdp.attachWorker(a);
        const workerName = a.workerInfo.title.replace(/^\[worker \d+\]\s*/, '');
        const { name, kind } = this.threadName(workerName);
        const thread: HaleThread = { id: this.nextThreadId++, name, workerName, kind, session, started: false, cdpBreakpoints: new Map(), programScripts: new Set(), nodeScripts: new Set(), breakpointQueue: Promise.resolve() };
        this.threads.set(thread.id, thread);
        this.sendEvent(new ThreadEvent('started', thread.id));
        session.on('Debugger.scriptParsed', (p: Protocol.Debugger.ScriptParsedEvent) => {
            if (this.program && p.url === this.program.url) thread.programScripts.add(p.scriptId);
            else if (p.url === '' || p.url.startsWith('node:')) thread.nodeScripts.add(p.scriptId);
        });
        session.on('Debugger.paused', (p: Protocol.Debugger.PausedEvent) => void this.onPaused(thread, p));
        session.on('Debugger.resumed', () => {
            if (thread.paused) {
                thread.paused = undefined;
                this.forget(thread.id);
            }
        });
        session.on('Runtime.bindingCalled', (p: Protocol.Runtime.BindingCalledEvent) => {
            if (p.name === '__haleLog') this.logpointHit(p.payload);
        });
        try {
            await session.send('Runtime.enable');
            await session.send('Debugger.enable');
            await this.syncBlackbox(thread);
            await session.send('Runtime.addBinding', { name: '__haleLog' });
            await session.send('Runtime.evaluate', { expression: this.installScript(), silent: true });
            await this.applyPauseOnExceptions(thread);
            if (this.program) {
                const entry = this.program.info?.entry;
                if (this.launch?.stopOnEntry && kind === 'main' && entry) {
                    const target = this.program.breakpointTargets(entry.file, entry.line);
                    const pos = target?.positions[0];
                    if (pos) {
                        const r = await session.send('Debugger.setBreakpointByUrl', { url: this.program.url, lineNumber: pos.line, columnNumber: pos.column });
                        thread.entryBreakpoint = r.breakpointId;
                    }
                }
            }
            // Breakpoints come from the editor before configurationDone: no Hale thread runs before that.
            await this.configured;
            await this.syncBreakpoints(thread);
            await session.send('Runtime.runIfWaitingForDebugger');
            thread.started = true;
        } catch (e) {
            if (!session.closed) this.output('console', `Hale debugger: could not set up thread ${name}: ${(e as Error).message}\n`);
        }
    }

    /** Globals the thread's logpoints and value previews use. */
    private installScript(): string {
        const types: FormatTypes = { types: this.program?.info?.types ?? {}, classes: this.program?.info?.classes ?? {} };
        return `globalThis.__haleFmt = (${FORMAT_JS}); globalThis.__haleTypes = ${JSON.stringify(types)}; globalThis.__haleHits = {}; void 0`;
    }

    private formatTypes(): FormatTypes {
        return { types: this.program?.info?.types ?? {}, classes: this.program?.info?.classes ?? {} };
    }

    private async onPaused(thread: HaleThread, p: Protocol.Debugger.PausedEvent): Promise<void> {
        const session = thread.session;
        if ((p.reason as string) === 'Break on start' || (!thread.started && !(p.callFrames[0] && this.isProgram(thread, p.callFrames[0])))) {
            // A worker released by runIfWaitingForDebugger first breaks on start, in Node's code: let it run.
            await session.send('Debugger.resume').catch(() => undefined);
            return;
        }
        const top = p.callFrames[0];
        if (p.reason === 'exception' || p.reason === 'promiseRejection') {
            if (!this.isPanic(p.data as RemoteObject | undefined) || this.haleDepth(thread, p.callFrames) === 0) {
                await session.send('Debugger.resume').catch(() => undefined);
                return;
            }
        }
        const hitEntry = !!thread.entryBreakpoint && (p.hitBreakpoints ?? []).includes(thread.entryBreakpoint);
        if (hitEntry) {
            await session.send('Debugger.removeBreakpoint', { breakpointId: thread.entryBreakpoint }).catch(() => undefined);
            thread.entryBreakpoint = undefined;
        }
        const at = top && this.isProgram(thread, top) ? this.program!.halePosition(top.location.lineNumber, top.location.columnNumber ?? 0) : null;
        // A function's or class's header (it carries the Hale name) is not a Hale statement to stop at.
        const pos = at && !at.name ? at : null;
        const st = thread.stepping;
        const hitOurs = (p.hitBreakpoints ?? []).some((id) => [...thread.cdpBreakpoints.values()].some((ids) => ids.includes(id)));
        if (st && !hitOurs && !hitEntry && p.reason !== 'exception') {
            const depth = this.haleDepth(thread, p.callFrames);
            const same = !!pos && pos.file === st.file && pos.line === st.line && depth === st.depth;
            if ((!pos || same) && st.count++ < 500) {
                // Still on the same Hale line, or in code the compiler generated around it: keep going.
                const method = st.kind === 'in' ? 'Debugger.stepInto' : st.kind === 'out' && !pos ? 'Debugger.stepOut' : 'Debugger.stepOver';
                await session.send(method).catch(() => undefined);
                return;
            }
        }
        if (!pos && (hitOurs || hitEntry) && top && this.isProgram(thread, top)) {
            // A breakpoint resolved to code the compiler generated around a statement (a function's frame
            // set-up): walk on to the Hale line it belongs to, and report the stop there.
            thread.stepping = { kind: 'over', depth: this.haleDepth(thread, p.callFrames), count: 0, reportAs: hitEntry ? 'entry' : 'breakpoint' };
            await this.syncBlackbox(thread).catch(() => undefined);
            await session.send('Debugger.stepOver').catch(() => undefined);
            return;
        }
        if (thread.pausing && p.reason !== 'exception' && p.callFrames.every((f) => thread.nodeScripts.has(f.location.scriptId))) {
            // Paused while the worker is still starting (only Node's own code on the stack): stepping
            // through it takes hundreds of steps and can lose the step at an async boundary. Let it run;
            // the pause is asked again shortly and lands in the program or in Loom's runtime.
            thread.stepping = undefined;
            await session.send('Debugger.resume').catch(() => undefined);
            return;
        }
        if (!pos && thread.pausing && !st && p.reason !== 'exception') {
            // Paused in Loom's runtime (an idle locus waiting for mail): go on to the next Hale line it runs.
            thread.stepping = { kind: 'in', depth: this.haleDepth(thread, p.callFrames), count: 0, reportAs: 'pause' };
            await this.syncBlackbox(thread).catch(() => undefined);
            await session.send('Debugger.stepInto').catch(() => undefined);
            return;
        }
        thread.stepping = undefined;
        thread.pausing = false;
        await this.syncBlackbox(thread).catch(() => undefined);
        thread.paused = { frames: p.callFrames, reason: p.reason };
        const reason = hitEntry ? 'entry' : p.reason === 'exception' || p.reason === 'promiseRejection' ? 'exception' : hitOurs ? 'breakpoint' : st?.reportAs ?? (st ? 'step' : 'pause');
        const ev = new StoppedEvent(reason, thread.id) as DebugProtocol.StoppedEvent;
        ev.body.allThreadsStopped = false;
        if (reason === 'exception') {
            ev.body.description = 'Paused on a Hale panic';
            ev.body.text = await this.describeException(thread, p.data as RemoteObject | undefined);
        }
        if (hitOurs) {
            ev.body.hitBreakpointIds = [...thread.cdpBreakpoints].filter(([, ids]) => ids.some((id) => (p.hitBreakpoints ?? []).includes(id))).map(([id]) => id);
        }
        this.sendEvent(ev);
    }

    private isProgram(t: HaleThread, f: CallFrame): boolean {
        return !!this.program && t.programScripts.has(f.location.scriptId);
    }

    private haleDepth(t: HaleThread, frames: CallFrame[]): number {
        return frames.filter((f) => this.isProgram(t, f)).length;
    }

    private isPanic(ex: RemoteObject | undefined): boolean {
        if (!this.pauseOnPanics || !ex) return false;
        // Value errors (`fail`), violations and exits are control flow; a panic or a JS error is not.
        return ex.subtype === 'error' || ex.className === 'HalePanic';
    }

    private async describeException(thread: HaleThread, ex: RemoteObject | undefined): Promise<string> {
        if (!ex) return 'Hale panic';
        if (ex.objectId) {
            try {
                const r = await thread.session.send('Runtime.callFunctionOn', { objectId: ex.objectId, functionDeclaration: 'function () { return String(this && this.message || this); }', returnByValue: true });
                return String(r.result.value);
            } catch {
                // fall through
            }
        }
        return ex.description?.split('\n')[0] ?? 'Hale panic';
    }

    /**
     * Only the program's code is Hale: steps and pauses go through it, never into Loom's runtime or Node,
     * so those are blackboxed. But V8 does not stop on an exception thrown in blackboxed code, and a panic
     * is raised by a runtime helper (`a / 0`): while "Hale panics" is on, a running thread is not blackboxed.
     */
    private async syncBlackbox(thread: HaleThread): Promise<void> {
        const want = !this.pauseOnPanics || !!thread.stepping || !!thread.pausing;
        if (thread.blackboxed === want) return;
        thread.blackboxed = want;
        await thread.session.send('Debugger.setBlackboxPatterns', { patterns: want ? ['^(?!.*\\.loom\\.m?js$)'] : [] });
    }

    private async applyPauseOnExceptions(thread: HaleThread): Promise<void> {
        await thread.session.send('Debugger.setPauseOnExceptions', { state: this.pauseOnPanics ? 'all' : 'none' });
    }

    // -------------------------------------------------------------------------- breakpoints

    protected override async setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): Promise<void> {
        const path = args.source.path;
        if (!path) {
            response.body = { breakpoints: (args.breakpoints ?? []).map(() => ({ verified: false, message: 'Hale breakpoints go in .hl files on disk' })) };
            return this.sendResponse(response);
        }
        const file = normalizeFile(path);
        const bps: HaleBreakpoint[] = (args.breakpoints ?? []).map((b) => ({
            id: this.nextBreakpointId++,
            file,
            line: b.line,
            condition: b.condition?.trim() || undefined,
            hitCondition: b.hitCondition?.trim() || undefined,
            logMessage: b.logMessage,
            verified: false,
            positions: [],
        }));
        this.breakpoints.set(file, bps);
        for (const bp of bps) this.bind(bp);
        await Promise.all([...this.threads.values()].map((t) => this.syncBreakpoints(t)));
        response.body = { breakpoints: bps.map((bp) => this.dapBreakpoint(bp)) };
        this.sendResponse(response);
    }

    private dapBreakpoint(bp: HaleBreakpoint): DebugProtocol.Breakpoint {
        const b = new Breakpoint(bp.verified, bp.boundLine ?? bp.line) as DebugProtocol.Breakpoint;
        b.id = bp.id;
        b.source = new Source(basename(bp.file), bp.file);
        if (bp.message) b.message = bp.message;
        return b;
    }

    /** Resolve a breakpoint against the program (once it is compiled): its generated positions and condition. */
    private bind(bp: HaleBreakpoint): void {
        const program = this.program;
        if (!program) {
            bp.verified = false;
            bp.message = 'The program has not been compiled yet';
            return;
        }
        if (!program.hasFile(bp.file)) {
            bp.verified = false;
            bp.message = `${basename(bp.file)} is not part of the program being debugged`;
            return;
        }
        const target = program.breakpointTargets(bp.file, bp.line);
        if (!target) {
            bp.verified = false;
            bp.message = 'No Hale code on this line';
            return;
        }
        bp.positions = target.positions;
        bp.boundLine = target.line;
        bp.message = undefined;
        try {
            bp.cdpCondition = this.cdpCondition(bp, target.line);
            bp.verified = true;
        } catch (e) {
            bp.verified = false;
            bp.message = e instanceof ExprError ? e.message : `cannot use this breakpoint: ${(e as Error).message}`;
        }
    }

    private bindAllBreakpoints(): void {
        for (const bps of this.breakpoints.values()) {
            for (const bp of bps) {
                this.bind(bp);
                this.sendEvent(new BreakpointEvent('changed', this.dapBreakpoint(bp)));
            }
        }
    }

    /** The JS the inspector evaluates at the breakpoint: the Hale condition, the hit count, the logpoint. */
    private cdpCondition(bp: HaleBreakpoint, line: number): string | undefined {
        const parts: string[] = [];
        const scope = this.scopeAt(bp.file, line);
        if (bp.condition) parts.push(new Translator(scope).condition(bp.condition));
        if (bp.hitCondition) {
            const m = /^(>=|>|==|=|%)?\s*(\d+)$/.exec(bp.hitCondition);
            if (!m) throw new ExprError(`a hit count is a number, '>= N' or '% N' (got '${bp.hitCondition}')`);
            const n = Number(m[2]);
            const count = `(globalThis.__haleHits[${bp.id}] = (globalThis.__haleHits[${bp.id}] || 0) + 1)`;
            const op = m[1] ?? '==';
            parts.push(op === '%' ? `(${count} % ${n} === 0)` : op === '>' ? `(${count} > ${n})` : op === '>=' ? `(${count} >= ${n})` : `(${count} === ${n})`);
        }
        if (bp.logMessage !== undefined) {
            const tr = new Translator(scope);
            const pieces = tr.interpolate(bp.logMessage).map((p) =>
                p.expr
                    ? // As in an f-string, a String interpolates as its text; other values as Hale shows them.
                      `(function () { try { return ${p.expr.type === 'string' ? `String(${p.expr.js})` : `globalThis.__haleFmt(${p.expr.js}, ${JSON.stringify(p.expr.type)}, globalThis.__haleTypes, 1)`}; } catch (e) { return '<' + (e && e.message || e) + '>'; } }).call(this)`
                    : JSON.stringify(p.text),
            );
            parts.push(tr.wrap(`(__haleLog(JSON.stringify([${bp.id}, [${pieces.join(', ')}].join('')])), false)`));
        }
        return parts.length ? parts.join(' && ') : undefined;
    }

    private logpointHit(payload: string): void {
        let id: number;
        let text: string;
        try {
            [id, text] = JSON.parse(payload);
        } catch {
            return;
        }
        const bp = [...this.breakpoints.values()].flat().find((b) => b.id === id);
        const e = new OutputEvent(text + '\n', 'console') as DebugProtocol.OutputEvent;
        if (bp) {
            e.body.source = new Source(basename(bp.file), bp.file);
            e.body.line = bp.boundLine ?? bp.line;
        }
        this.sendEvent(e);
    }

    /**
     * Make a thread's inspector breakpoints match the current Hale breakpoints. Changes to one thread run
     * one at a time and read the breakpoints when they run, so a thread being set up while the editor
     * changes breakpoints ends up with exactly the current ones.
     */
    private syncBreakpoints(thread: HaleThread): Promise<void> {
        thread.breakpointQueue = thread.breakpointQueue.then(async () => {
            if (thread.session.closed) return;
            const current = new Map([...this.breakpoints.values()].flat().map((bp) => [bp.id, bp]));
            for (const id of [...thread.cdpBreakpoints.keys()]) if (!current.has(id)) await this.removeInThread(thread, id);
            for (const bp of current.values()) if (!thread.cdpBreakpoints.has(bp.id)) await this.setInThread(thread, bp);
        });
        return thread.breakpointQueue;
    }

    private async setInThread(thread: HaleThread, bp: HaleBreakpoint): Promise<void> {
        if (!this.program || !bp.verified || thread.session.closed) return;
        const ids: string[] = [];
        for (const pos of bp.positions) {
            try {
                const r = await thread.session.send('Debugger.setBreakpointByUrl', {
                    url: this.program.url,
                    lineNumber: pos.line,
                    columnNumber: pos.column,
                    condition: bp.cdpCondition,
                });
                ids.push(r.breakpointId);
            } catch {
                // the same location twice (a slid breakpoint), or the thread ended
            }
        }
        thread.cdpBreakpoints.set(bp.id, ids);
    }

    private async removeInThread(thread: HaleThread, bpId: number): Promise<void> {
        const ids = thread.cdpBreakpoints.get(bpId);
        if (!ids) return;
        thread.cdpBreakpoints.delete(bpId);
        for (const id of ids) await thread.session.send('Debugger.removeBreakpoint', { breakpointId: id }).catch(() => undefined);
    }

    protected override async setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): Promise<void> {
        this.pauseOnPanics = args.filters.includes('panics');
        for (const t of this.threads.values()) {
            await this.applyPauseOnExceptions(t).catch(() => undefined);
            await this.syncBlackbox(t).catch(() => undefined);
        }
        this.sendResponse(response);
    }

    // ------------------------------------------------------------------------- execution

    protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
        response.body = { threads: [...this.threads.values()].map((t) => new Thread(t.id, t.name)) };
        this.sendResponse(response);
    }

    private thread(id: number): HaleThread | undefined {
        return this.threads.get(id);
    }

    private forget(threadId: number): void {
        for (const [k, r] of this.refs) if (r.thread === threadId) this.refs.delete(k);
        for (const [k, f] of this.frames) if (f.thread === threadId) this.frames.delete(k);
    }

    private resumed(t: HaleThread): void {
        t.paused = undefined;
        this.forget(t.id);
    }

    protected override async continueRequest(response: DebugProtocol.ContinueResponse, args: DebugProtocol.ContinueArguments): Promise<void> {
        const t = this.thread(args.threadId);
        response.body = { allThreadsContinued: false };
        if (t) {
            t.pausing = false; // a pause still waiting for the thread's next Hale line is called off
            void this.syncBlackbox(t).catch(() => undefined);
            this.resumed(t);
            await t.session.send('Debugger.resume').catch(() => undefined);
        }
        this.sendResponse(response);
    }

    private async step(response: DebugProtocol.Response, threadId: number, kind: Stepping['kind']): Promise<void> {
        const t = this.thread(threadId);
        if (!t || !t.paused) return this.sendResponse(response);
        const topHale = t.paused.frames.find((f) => this.isProgram(t, f));
        const pos = topHale && t.paused.frames[0] === topHale ? this.program!.halePosition(topHale.location.lineNumber, topHale.location.columnNumber ?? 0) : null;
        t.stepping = { kind, file: pos?.file, line: pos?.line, depth: this.haleDepth(t, t.paused.frames), count: 0 };
        this.resumed(t);
        this.sendResponse(response);
        await this.syncBlackbox(t).catch(() => undefined);
        const method = kind === 'in' ? 'Debugger.stepInto' : kind === 'out' ? 'Debugger.stepOut' : 'Debugger.stepOver';
        await t.session.send(method).catch(() => undefined);
    }

    protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): Promise<void> {
        return this.step(response, args.threadId, 'over');
    }

    protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): Promise<void> {
        return this.step(response, args.threadId, 'in');
    }

    protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): Promise<void> {
        return this.step(response, args.threadId, 'out');
    }

    protected override async pauseRequest(response: DebugProtocol.PauseResponse, args: DebugProtocol.PauseArguments): Promise<void> {
        const t = this.thread(args.threadId);
        this.sendResponse(response);
        if (t && !t.paused) {
            // Stop at the next Hale line the thread runs (an idle locus waits in Loom's runtime for its mail).
            t.pausing = true;
            await this.syncBlackbox(t).catch(() => undefined);
            if (t.started) await t.session.send('Debugger.pause').catch(() => undefined);
            // V8 drops a pause asked for while the thread is idle once it calls into Loom's (blackboxed)
            // runtime, and a thread still being set up must not be paused: ask again until it stops.
            const retry = setInterval(() => {
                if (!t.pausing || t.paused || t.session.closed) clearInterval(retry);
                else if (t.started) void t.session.send('Debugger.pause').catch(() => undefined);
            }, 200);
        }
    }

    protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments): Promise<void> {
        this.killChild(args?.terminateDebuggee === false ? undefined : 'SIGKILL');
        this.cdp?.close();
        this.sendResponse(response);
    }

    protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
        // Let paused threads go (and stop no more), then ask the program to drain as Ctrl+C would.
        for (const t of this.threads.values()) {
            t.stepping = undefined;
            t.pausing = false;
            await t.session.send('Debugger.setSkipAllPauses', { skip: true }).catch(() => undefined);
            if (t.paused) {
                this.resumed(t);
                await t.session.send('Debugger.resume').catch(() => undefined);
            }
        }
        this.killChild('SIGINT');
        const child = this.child;
        setTimeout(() => {
            if (child && child.exitCode === null) child.kill('SIGKILL');
        }, 5000).unref();
        this.sendResponse(response);
    }

    /** End the program if it still runs (the editor went away, or the adapter is exiting). */
    killDebuggee(): void {
        this.killChild('SIGKILL');
    }

    override shutdown(): void {
        this.killDebuggee();
        super.shutdown();
    }

    private killChild(signal: NodeJS.Signals | undefined): void {
        if (signal && this.child && this.child.exitCode === null) this.child.kill(signal);
    }

    // --------------------------------------------------------------------------- inspection

    protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
        const t = this.thread(args.threadId);
        const frames: DebugProtocol.StackFrame[] = [];
        if (t?.paused && this.program) {
            for (const cf of t.paused.frames) {
                if (!this.isProgram(t, cf)) continue; // Loom's runtime and Node are not Hale
                const pos = this.program.halePosition(cf.location.lineNumber, cf.location.columnNumber ?? 0);
                if (!pos) continue;
                const fn = this.program.functionAt(pos.file, pos.line);
                const id = this.nextRef++;
                this.frames.set(id, { thread: t.id, callFrame: cf, pos, fn });
                const sf = new StackFrame(id, this.frameName(fn, pos, cf), new Source(basename(pos.file), pos.file), pos.line, pos.column + 1);
                frames.push(sf);
            }
        }
        const start = args.startFrame ?? 0;
        const levels = args.levels ?? frames.length;
        response.body = { stackFrames: frames.slice(start, start + levels), totalFrames: frames.length };
        this.sendResponse(response);
    }

    private frameName(fn: DebugFunction | undefined, pos: HalePos, cf: CallFrame): string {
        if (!fn) {
            // Code outside a Hale function body: a locus's params initialisation or a placed field's set-up.
            const js = cf.functionName.replace(/^\$g_/, '');
            const locus = cf.this.className ? this.program?.info?.classes[cf.this.className] : undefined;
            if (js === '$init') return `${locus ?? 'locus'} params`;
            if (js.startsWith('$place_')) return `placing ${js.slice('$place_'.length)}`;
            return pos.name ?? (js || 'top level');
        }
        switch (fn.kind) {
            case 'handler':
                return `${fn.name} (handler of ${JSON.stringify(fn.subject ?? '')})`;
            case 'hook':
                return `${fn.name} (lifecycle)`;
            case 'failure':
                return `${fn.name} (failure handler)`;
            default:
                return fn.name;
        }
    }

    protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
        const frame = this.frames.get(args.frameId);
        const scopes: DebugProtocol.Scope[] = [];
        if (frame) {
            const ref = this.nextRef++;
            this.refs.set(ref, { kind: 'locals', thread: frame.thread, frame });
            const s = new Scope('Locals', ref, false) as DebugProtocol.Scope;
            s.presentationHint = 'locals';
            scopes.push(s);
        }
        response.body = { scopes };
        this.sendResponse(response);
    }

    protected override async variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): Promise<void> {
        const ref = this.refs.get(args.variablesReference);
        let variables: DebugProtocol.Variable[] = [];
        try {
            if (ref?.kind === 'locals') variables = await this.locals(ref.frame);
            else if (ref?.kind === 'value') variables = await this.children(ref);
        } catch (e) {
            variables = [{ name: '(error)', value: (e as Error).message, variablesReference: 0 }];
        }
        response.body = { variables };
        this.sendResponse(response);
    }

    /** The frame's JS bindings by name, innermost scope first. */
    private async frameBindings(frame: FrameRef): Promise<Map<string, RemoteObject>> {
        const t = this.thread(frame.thread)!;
        const out = new Map<string, RemoteObject>();
        for (const scope of frame.callFrame.scopeChain) {
            // Hale has no closures over locals: a frame's locals are in its own function's scopes.
            if (scope.type !== 'local' && scope.type !== 'block' && scope.type !== 'catch') continue;
            if (!scope.object.objectId) continue;
            const r = await t.session.send('Runtime.getProperties', { objectId: scope.object.objectId, ownProperties: true, generatePreview: false });
            for (const p of r.result as Protocol.Runtime.PropertyDescriptor[]) if (p.value && !out.has(p.name)) out.set(p.name, p.value);
        }
        return out;
    }

    private async locals(frame: FrameRef): Promise<DebugProtocol.Variable[]> {
        const t = this.thread(frame.thread)!;
        const vars: DebugProtocol.Variable[] = [];
        const self = frame.fn?.self ?? this.program?.typeOfClass(frame.callFrame.this.className);
        if (self && frame.callFrame.this.objectId) vars.push(await this.variable(t, 'self', frame.callFrame.this, self));
        const bindings = await this.frameBindings(frame);
        if (frame.fn) {
            const seen = new Set<string>();
            for (const name of [...new Set(frame.fn.locals.map((l) => l.name))]) {
                // Shadowed declarations are `x`, `x$1`, ...: the innermost one in scope and assigned wins.
                const cands = frame.fn.locals.filter((l) => l.name === name).reverse();
                for (const c of cands) {
                    const v = bindings.get(c.js);
                    if (!v || (v.type === 'undefined' && c.type !== 'unit')) continue;
                    if (seen.has(name)) break;
                    seen.add(name);
                    vars.push(await this.variable(t, name, v, c.type));
                    break;
                }
            }
        } else {
            // No debug info for this code: show the JS bindings that are not compiler temporaries.
            for (const [name, v] of bindings) {
                if (name.startsWith('$') || name === 'this' || name === 'ov' || v.type === 'undefined' || v.type === 'function') continue;
                vars.push(await this.variable(t, name, v, 'unknown'));
            }
        }
        return vars;
    }

    private async variable(t: HaleThread, name: string, v: RemoteObject, type: DType): Promise<DebugProtocol.Variable> {
        const value = await this.render(t, v, type);
        const ref = v.objectId && this.expandable(v, type) ? this.nextRef++ : 0;
        if (ref) this.refs.set(ref, { kind: 'value', thread: t.id, objectId: v.objectId!, type: this.refine(v, type) });
        const variable: DebugProtocol.Variable = { name, value, type: showType(this.refine(v, type)) || undefined, variablesReference: ref };
        if (name === 'self') variable.presentationHint = { kind: 'property', attributes: ['readOnly'] };
        return variable;
    }

    /** A value's Hale type, made precise from its class when the static type is vague (an interface, unknown). */
    private refine(v: RemoteObject, type: DType): DType {
        const k = typeof type === 'string' ? type : type.k;
        if ((k === 'unknown' || k === 'iface' || k === 'param') && v.className) return this.program?.typeOfClass(v.className) ?? type;
        return type;
    }

    private expandable(v: RemoteObject, type: DType): boolean {
        if (v.type !== 'object' || v.subtype === 'null') return false;
        const t = this.refine(v, type);
        if (typeof t === 'string') return t === 'unknown' && v.subtype !== 'typedarray';
        if (t.k === 'enum') {
            const def = this.program?.typeDef(t.name);
            return def?.kind === 'enum' && def.variants.some((x) => x.payload.length > 0);
        }
        return t.k !== 'fn';
    }

    private async render(t: HaleThread, v: RemoteObject, type: DType): Promise<string> {
        if (PRIMITIVE.has(v.type)) {
            const value = v.type === 'bigint' ? BigInt(String(v.unserializableValue ?? v.description ?? '0').replace(/n$/, '')) : v.type === 'number' && v.unserializableValue ? Number(v.unserializableValue) : v.value;
            return formatValue(value, type, this.formatTypes());
        }
        if (v.subtype === 'null') return 'nil';
        if (!v.objectId) return v.description ?? String(v.value);
        try {
            const r = await t.session.send('Runtime.callFunctionOn', {
                objectId: v.objectId,
                functionDeclaration: 'function (t, d) { return globalThis.__haleFmt ? globalThis.__haleFmt(this, t, globalThis.__haleTypes, d) : String(this); }',
                arguments: [{ value: type }, { value: 2 }],
                returnByValue: true,
                silent: true,
            });
            if (r.exceptionDetails) return v.description ?? '?';
            return String(r.result.value);
        } catch {
            return v.description ?? '?';
        }
    }

    private async children(ref: VarRef & { kind: 'value' }): Promise<DebugProtocol.Variable[]> {
        const t = this.thread(ref.thread);
        if (!t) return [];
        const r = await t.session.send('Runtime.getProperties', { objectId: ref.objectId, ownProperties: true, generatePreview: false });
        const props = new Map<string, RemoteObject>();
        for (const p of r.result as Protocol.Runtime.PropertyDescriptor[]) if (p.value) props.set(p.name, p.value);
        const type = ref.type;
        const out: DebugProtocol.Variable[] = [];
        const def = typeof type === 'object' && 'name' in type ? this.program?.typeDef(type.name) : undefined;
        const env = (d: DTypeDef): Map<string, DType> => new Map(d.generics.map((g, i) => [g, typeof type === 'object' && 'args' in type ? type.args[i] ?? 'unknown' : 'unknown']));
        const subst = (ft: DType, e: Map<string, DType>): DType => (typeof ft === 'object' && ft.k === 'param' ? e.get(ft.name) ?? 'unknown' : ft);
        if (def?.kind === 'record' || def?.kind === 'locus') {
            const e = env(def);
            const list = def.kind === 'record' ? def.fields : def.params;
            for (const [name, ft] of list) {
                const v = props.get(name);
                if (v && !(v.type === 'undefined' && ft !== 'unit')) out.push(await this.variable(t, name, v, subst(ft, e)));
            }
            if (def.kind === 'locus' && def.form) {
                // A `@form` locus: its collection, under the name of the capacity slot that holds it.
                const r = await t.session.send('Runtime.callFunctionOn', {
                    objectId: ref.objectId,
                    functionDeclaration: 'function () { return typeof this.$items === "function" ? this.$items() : undefined; }',
                    returnByValue: false,
                    silent: true,
                });
                if (r.result?.objectId) out.push(await this.variable(t, def.form.slot, r.result, { k: 'array', elem: subst(def.form.elem, e) }));
            }
            return out;
        }
        if (def?.kind === 'enum') {
            const tag = props.get('tag')?.value;
            const variant = def.variants[Number(tag)];
            const e = env(def);
            if (variant) for (let i = 0; i < variant.payload.length; i++) {
                const v = props.get('$' + i);
                if (v) out.push(await this.variable(t, String(i), v, subst(variant.payload[i], e)));
            }
            return out;
        }
        if (typeof type === 'object' && (type.k === 'array' || type.k === 'bounded' || type.k === 'children' || type.k === 'tuple')) {
            const elem = (i: number): DType => (type.k === 'tuple' ? type.elems[i] ?? 'unknown' : type.k === 'children' ? type.of : type.elem);
            for (const [name, v] of props) {
                if (!/^\d+$/.test(name)) continue;
                if (out.length >= 1000) break;
                out.push(await this.variable(t, `[${name}]`, v, elem(Number(name))));
            }
            return out;
        }
        // A value without a static type: its own properties, the compiler's internals left out.
        for (const [name, v] of props) {
            if (name.startsWith('$') || name === '__proto__') continue;
            out.push(await this.variable(t, name, v, this.refine(v, 'unknown')));
        }
        return out;
    }

    // ------------------------------------------------------------------------------- evaluation

    /** What a Hale expression can name at a source line (for conditions: before the program runs). */
    private scopeAt(file: string, line: number): ExprScope {
        const fn = this.program?.functionAt(file, line);
        return this.scopeOf(fn);
    }

    private scopeOf(fn: DebugFunction | undefined): ExprScope {
        return {
            local: (name) => {
                const ls = fn?.locals.filter((l) => l.name === name) ?? [];
                if (!ls.length) return undefined;
                return { js: ls.map((l) => l.js).reverse(), type: ls[ls.length - 1].type };
            },
            self: fn?.self,
            types: this.program?.info?.types ?? {},
        };
    }

    protected override async evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): Promise<void> {
        const frame = args.frameId !== undefined ? this.frames.get(args.frameId) : undefined;
        if (!frame) {
            return this.sendErrorResponse(response, { id: 2001, format: 'Hale expressions are evaluated in a paused thread: pause one, or stop at a breakpoint', showUser: args.context === 'repl' });
        }
        const t = this.thread(frame.thread)!;
        let tr: { js: string; type: DType };
        try {
            tr = new Translator(this.scopeOf(frame.fn)).translate(args.expression);
        } catch (e) {
            return this.sendErrorResponse(response, { id: 2002, format: e instanceof ExprError ? e.message : String((e as Error).message), showUser: false });
        }
        try {
            const r = await t.session.send('Debugger.evaluateOnCallFrame', { callFrameId: frame.callFrame.callFrameId, expression: tr.js, silent: true, returnByValue: false });
            if (r.exceptionDetails) {
                const msg = r.exceptionDetails.exception?.description?.split('\n')[0] ?? r.exceptionDetails.text;
                return this.sendErrorResponse(response, { id: 2003, format: msg.replace(/^ReferenceError: (\S+) is not defined$/, "'$1' is not in scope here"), showUser: false });
            }
            const v = await this.variable(t, args.expression, r.result, tr.type);
            response.body = { result: v.value, type: v.type, variablesReference: v.variablesReference };
            this.sendResponse(response);
        } catch (e) {
            this.sendErrorResponse(response, { id: 2004, format: (e as Error).message, showUser: false });
        }
    }
}
