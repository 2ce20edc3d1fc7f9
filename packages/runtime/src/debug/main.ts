// The Hale debug adapter as a process: Debug Adapter Protocol on stdin/stdout.
//
//   node debug-adapter.cjs [--loom PATH/TO/loom.cjs|loom.js]     (or HALE_LOOM=PATH in the environment)
//
// The extension bundles this file to out/debug-adapter.cjs next to out/loom.cjs (the default launcher)
// and out/debug-agent.cjs (agent.ts, which the program preloads); tests run it against
// packages/runtime/bin/loom.js.

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { HaleDebugSession } from './session.js';

function option(name: string): string | undefined {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
}

const here = dirname(resolve(process.argv[1] ?? '.'));
const loom = option('--loom') ?? process.env.HALE_LOOM ?? [join(here, 'loom.cjs'), join(here, '..', 'bin', 'loom.js')].find((p) => existsSync(p)) ?? join(here, 'loom.cjs');

// stdout carries the protocol: anything else printed goes to stderr.
console.log = console.info = console.debug = (...a: unknown[]) => process.stderr.write(a.map(String).join(' ') + '\n');

const agent = option('--agent') ?? process.env.HALE_DEBUG_AGENT ?? join(here, 'debug-agent.cjs');

const session = new HaleDebugSession({ loom, agent });
session.setRunAsServer(false);
session.start(process.stdin, process.stdout);
process.on('SIGTERM', () => session.shutdown());
// The editor closed the connection (or died): the program must not outlive its debugger.
process.stdin.on('end', () => session.shutdown());
process.on('exit', () => session.killDebuggee());
