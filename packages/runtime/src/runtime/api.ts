// The runtime surface compiled programs call (`$rt`). Generated code destructures what it needs once, at
// module evaluation, so every call is a direct call to a module-level binding that V8 can inline.

import * as int from './values/int.js';
import * as dec from './values/decimal.js';
import * as fmt from './values/format.js';
import * as types from './values/types.js';
import * as errors from './errors.js';
import * as locus from './locus.js';
import * as bus from './bus.js';
import * as sched from './sched.js';
import * as pool from './pool.js';
import * as placement from './placement.js';
import { readlinkSync } from 'node:fs';
import { flushStdout } from './stdout.js';
import { ctx } from './threads/context.js';
import { std } from './std/index.js';
import * as helpers from './helpers.js';
import { forms, indexFailure } from './forms.js';
import { println, print, eprintln } from './api-print.js';
import * as strings from './values/strings.js';
import { ffiInt, ffiJs } from './ffi-js.js';


/** Which Hale thread this is (runtime API for tests and the run log). */
export function threadInfo(): { id: number; name: string; kind: string; tid: number } {
    return { id: ctx.spec.id, name: ctx.spec.name, kind: ctx.spec.kind, tid: osThreadId() };
}

let cachedTid = -1;
export function osThreadId(): number {
    if (cachedTid < 0) {
        try {
            const link = readlinkSync('/proc/thread-self');
            cachedTid = Number(link.split('/').pop()) || 0;
        } catch {
            cachedTid = 0;
        }
    }
    return cachedTid;
}

export const api = {
    ...int,
    ...dec,
    ...fmt,
    ...types,
    ...errors,
    ...locus,
    ...bus,
    ...sched,
    ...pool,
    ...placement,
    ...strings,
    ...helpers,
    forms,
    stdlib: std,
    println,
    print,
    eprintln,
    flushStdout,
    threadInfo,
    osThreadId,
    ctx,
    ffiJs,
    ffiInt,
    indexFailure,
};

export type Rt = typeof api;
