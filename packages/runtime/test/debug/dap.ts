// Drives the real Hale debug adapter (bundled as the extension ships it) over the Debug Adapter Protocol.
// The adapter starts the real `loom run` under the Node inspector; nothing is stubbed.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { buildDebugAdapter } from '../../src/debug/bundle.mjs';
import { loomBin, pkgRoot } from '../helpers.js';

export const debugFixture = (...p: string[]) => join(pkgRoot, 'test', 'debug', 'fixtures', ...p);

let adapter: Promise<string> | undefined;

/** The adapter bundle (built once per test file, into a temporary folder). */
export function adapterBundle(): Promise<string> {
    adapter ??= buildDebugAdapter(join(mkdtempSync(join(tmpdir(), 'hale-dap-')), 'debug-adapter.cjs'));
    return adapter;
}

export interface Dap {
    dc: DebugClient;
    output: DebugProtocol.OutputEvent['body'][];
    stops: DebugProtocol.StoppedEvent['body'][];
    /** Everything the program printed on stdout so far. */
    stdout(): string;
    /** Waits until stdout contains `text` (the program's own progress, not a sleep). */
    waitForStdout(text: string, timeoutMs?: number): Promise<void>;
    stop(): Promise<void>;
}

export async function startAdapter(): Promise<Dap> {
    const bundle = await adapterBundle();
    const dc = new DebugClient(process.execPath, bundle, 'hale', { env: { ...process.env, LOOM_NO_REBUILD: '1', HALE_LOOM: loomBin } }, true);
    dc.defaultTimeout = 30_000;
    const output: DebugProtocol.OutputEvent['body'][] = [];
    const stops: DebugProtocol.StoppedEvent['body'][] = [];
    const waiters: (() => void)[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => {
        output.push(e.body);
        for (const w of waiters.splice(0)) w();
    });
    dc.on('stopped', (e: DebugProtocol.StoppedEvent) => stops.push(e.body));
    await dc.start();
    await dc.initializeRequest({ adapterID: 'hale', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const stdout = () => output.filter((o) => o.category === 'stdout').map((o) => o.output).join('');
    return {
        dc,
        output,
        stops,
        stdout,
        waitForStdout(text, timeoutMs = 30_000) {
            return new Promise((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error(`the program did not print '${text}'; it printed:\n${stdout()}`)), timeoutMs);
                const check = () => {
                    if (stdout().includes(text)) {
                        clearTimeout(timer);
                        resolve();
                    } else waiters.push(check);
                };
                check();
            });
        },
        stop: () => dc.stop().catch(() => undefined),
    };
}

/** Launch `program` with breakpoints set before it runs; resolves once configuration is done. */
export async function launch(
    d: Dap,
    program: string,
    breakpoints: DebugProtocol.SourceBreakpoint[],
    extra: Record<string, unknown> = {},
): Promise<DebugProtocol.SetBreakpointsResponse> {
    const launched = d.dc.launchRequest({ program, ...extra } as DebugProtocol.LaunchRequestArguments);
    await d.dc.waitForEvent('initialized');
    const set = await d.dc.setBreakpointsRequest({ source: { path: program }, breakpoints });
    await d.dc.configurationDoneRequest();
    await launched;
    return set;
}

export async function topFrame(d: Dap, threadId: number): Promise<DebugProtocol.StackFrame[]> {
    const st = await d.dc.stackTraceRequest({ threadId });
    return st.body.stackFrames;
}

/** The frame's locals by Hale name: value and type. */
export async function locals(d: Dap, frameId: number): Promise<Map<string, DebugProtocol.Variable>> {
    const sc = await d.dc.scopesRequest({ frameId });
    const vars = await d.dc.variablesRequest({ variablesReference: sc.body.scopes[0].variablesReference });
    return new Map(vars.body.variables.map((v) => [v.name, v]));
}

export async function children(d: Dap, v: DebugProtocol.Variable): Promise<Map<string, DebugProtocol.Variable>> {
    const r = await d.dc.variablesRequest({ variablesReference: v.variablesReference });
    return new Map(r.body.variables.map((x) => [x.name, x]));
}

export async function evaluate(d: Dap, frameId: number, expression: string): Promise<string> {
    const r = await d.dc.evaluateRequest({ expression, frameId, context: 'watch' });
    return r.body.result;
}
