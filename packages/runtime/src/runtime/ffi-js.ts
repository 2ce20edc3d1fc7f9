// `@ffi("js") fn name(...);` — a host import. Upstream's wasm loader supplies a built-in `console_log` and
// the libm set (mapped to JS `Math.*`); an app adds its own through the loader's glue. Loom runs on a JS
// engine, so the same imports are plain JS functions: the built-ins below, plus the exports of the module
// named by LOOM_FFI_JS (the app's glue), loaded on every Hale thread before the program starts.
//
// Marshalling follows the spec: Int and Duration cross as a JS number (f64), not a BigInt, and an
// Int-returning import's number is truncated back to an Int; String, Float and Bool pass as themselves.

import { pathToFileURL } from 'node:url';
import { HalePanic } from './errors.js';
import { println } from './api-print.js';

const imports = new Map<string, (...args: any[]) => any>();
imports.set('console_log', (msg: unknown) => println(String(msg)));
for (const f of ['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'exp', 'log', 'log2', 'log10', 'pow', 'sqrt', 'cbrt', 'floor', 'ceil', 'round', 'trunc', 'hypot'] as const) {
    imports.set(f, (Math as any)[f]);
}
imports.set('fabs', Math.abs);
imports.set('fmod', (a: number, b: number) => a % b);

/** Load the app's glue module (LOOM_FFI_JS), if any: its exported functions become host imports. */
export async function loadFfiGlue(): Promise<void> {
    const file = process.env.LOOM_FFI_JS;
    if (!file) return;
    const mod = await import(pathToFileURL(file).href);
    for (const [name, v] of Object.entries(mod)) if (typeof v === 'function') imports.set(name, v as any);
}

/** The host import `name`, or a panic saying how to provide one. */
export function ffiJs(name: string): (...args: any[]) => any {
    const f = imports.get(name);
    if (f) return f;
    return () => {
        throw new HalePanic(`no host import for @ffi("js") fn ${name}: export it from the module named by LOOM_FFI_JS`);
    };
}

/** An Int-returning import's JS number back to an Int (truncated toward zero). */
export function ffiInt(v: unknown): number {
    const n = Math.trunc(Number(v));
    return Number.isFinite(n) ? n : 0;
}
