// The Hale standard library as Loom provides it. Natives are registered by their Hale path
// (`std::str::upper`); the `$g:` entries are the parking forms used on async_io pools. The compiler takes
// std types and signatures from the prelude (compiler/prelude.ts) and checks that every body-less std fn a
// program calls has an entry here, so a missing one is a compile-time error naming the function.

import { registerCore } from './core.js';
import { registerSys } from './sys.js';
import { registerNet } from './net.js';
import { registerData } from './data.js';
import { HaleUnsupported } from '../errors.js';

export const stdlib = new Map<string, unknown>();
registerCore(stdlib);
registerSys(stdlib);
registerNet(stdlib);
registerData(stdlib);

/** Look a native up by path; an unknown one yields a function that fails naming it. */
export function nativeFn(path: string): any {
    const f = stdlib.get(path);
    if (f !== undefined) return f;
    return () => {
        throw new HaleUnsupported(path);
    };
}

export const std = { get: nativeFn, has: (p: string) => stdlib.has(p) };
