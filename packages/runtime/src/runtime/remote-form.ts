// A `@form(..., sync = serialized | lockfree)` collection is shared: a locus on one pool holds it, loci on
// other threads use it through their RemoteRef (`self.host.reg.set(x)` on the main thread while
// `host: PoolHost` lives on pool `io`). Upstream shares the storage behind a lock or a lock-free table; here
// the collection stays on its owner's thread and every use from elsewhere is a synchronous call over the
// rings: the caller sends CALL and blocks (servicing its own rings meanwhile) until the owner's thread,
// which answers CALLs at its next drain point, sends REPLY. Operations are applied one at a time on the
// owner's thread, which is exactly the serialized semantics; a lockfree form behaves the same, only
// slower than upstream's.
//
// Arguments and results cross as self-describing values (scalars, strings, bytes, arrays, records by
// name), since a form's methods take and return its element type, keys and counts.

import { absorbIncoming, controlQueue, onControl } from './bus.js';
import { HaleFail, HalePanic } from './errors.js';
import { recordClasses } from './helpers.js';
import { ctx, park, R_CALL, R_REPLY, sendRecord } from './threads/context.js';
import { Reader, Writer } from './threads/codec.js';

const T_UNIT = 0;
const T_FALSE = 1;
const T_TRUE = 2;
const T_NUM = 3;
const T_BIG = 4;
const T_STR = 5;
const T_BYTES = 6;
const T_ARRAY = 7;
const T_RECORD = 8;

export function encodeValue(w: Writer, v: any): void {
    if (v === undefined || v === null) w.u8(T_UNIT);
    else if (v === false) w.u8(T_FALSE);
    else if (v === true) w.u8(T_TRUE);
    else if (typeof v === 'number') {
        w.u8(T_NUM);
        w.f64(v);
    } else if (typeof v === 'bigint') {
        w.u8(T_BIG);
        w.str(v.toString());
    } else if (typeof v === 'string') {
        w.u8(T_STR);
        w.str(v);
    } else if (v instanceof Uint8Array) {
        w.u8(T_BYTES);
        w.bytes(v);
    } else if (Array.isArray(v)) {
        w.u8(T_ARRAY);
        w.u32(v.length);
        for (const x of v) encodeValue(w, x);
    } else {
        const C = v.constructor as any;
        const fields: string[] | undefined = C?.$fields;
        if (!fields || !C.$name) throw new HalePanic(`a ${C?.$name ?? typeof v} value cannot cross to another thread`);
        w.u8(T_RECORD);
        w.str(C.$name);
        w.u32(fields.length);
        for (const f of fields) encodeValue(w, v[f]);
    }
}

export function decodeValue(r: Reader): any {
    const t = r.u8v();
    switch (t) {
        case T_UNIT:
            return undefined;
        case T_FALSE:
            return false;
        case T_TRUE:
            return true;
        case T_NUM:
            return r.f64();
        case T_BIG:
            return BigInt(r.str());
        case T_STR:
            return r.str();
        case T_BYTES:
            return r.bytes();
        case T_ARRAY: {
            const n = r.u32();
            const out = new Array(n);
            for (let i = 0; i < n; i++) out[i] = decodeValue(r);
            return out;
        }
        case T_RECORD: {
            const name = r.str();
            const n = r.u32();
            const args = new Array(n);
            for (let i = 0; i < n; i++) args[i] = decodeValue(r);
            const C = recordClasses.get(name);
            if (!C) throw new Error(`record ${name} unknown on thread ${ctx.spec.name}`);
            return new C(...args);
        }
    }
    throw new Error(`bad value tag ${t}`);
}

// ------------------------------------------------------------------------------------ the caller

interface Reply {
    ok: boolean;
    value: any;
    errType: string;
}

let nextCall = 1;
const replies = new Map<number, Reply>();
// Our own scratch buffers: a call or a reply can be made while ctx.writer holds a message being sent.
const callWriter = new Writer(256);
const replyWriter = new Writer(256);

/** Call `method` on the form in field `field` of the spawned locus `spawnId` on `thread`, and wait. */
export function callRemoteForm(thread: number, spawnId: number, field: string, method: string, args: any[]): any {
    const id = nextCall++;
    const w = callWriter;
    w.reset();
    w.u8(R_CALL);
    w.u32(id);
    w.u32(spawnId);
    w.str(field);
    w.str(method);
    w.u32(args.length);
    for (const a of args) encodeValue(w, a);
    sendRecord(thread, w.buf, w.pos, absorbIncoming);
    for (;;) {
        absorbIncoming();
        const r = replies.get(id);
        if (r) {
            replies.delete(id);
            if (r.ok) return r.value;
            throw new HaleFail(r.value, r.errType);
        }
        // A control record (a spawn on this thread) stops ring reading until it has been acted on; act on
        // it here, or the reply behind it would never be read.
        if (controlQueue.length !== 0) controlQueue.shift()!();
        else park(1);
    }
}

/** The RemoteRef's view of a shared form: every method call goes to the owner's thread. */
export function remoteForm(thread: number, spawnId: number, field: string): any {
    return new Proxy(
        {},
        {
            get(_t, method) {
                if (typeof method !== 'string') return undefined;
                return (...args: any[]) => callRemoteForm(thread, spawnId, field, method, args);
            },
        },
    );
}

// ------------------------------------------------------------------------------------- the owner

interface Call {
    from: number;
    id: number;
    spawnId: number;
    field: string;
    method: string;
    args: any[];
}

/**
 * Install the CALL/REPLY handlers. `lookup` finds a spawned locus on this thread by its spawn id: the
 * locus when it is built, null while it is being built (a call then waits for it), undefined if unknown.
 */
export function installRemoteForms(lookup: (spawnId: number) => any): void {
    const serve = (c: Call): void => {
        let ok = true;
        let value: any;
        let errType = '';
        try {
            const owner = lookup(c.spawnId);
            const form = owner ? owner[c.field] : undefined;
            if (!form || typeof form[c.method] !== 'function') throw new HalePanic(`no shared form ${c.field}.${c.method} on thread ${ctx.spec.name}`);
            value = form[c.method](...c.args);
        } catch (e) {
            if (!(e instanceof HaleFail)) throw e;
            ok = false;
            value = e.payload;
            errType = e.typeName;
        }
        const w = replyWriter;
        w.reset();
        w.u8(R_REPLY);
        w.u32(c.id);
        w.u8(ok ? 1 : 0);
        w.str(errType);
        encodeValue(w, value);
        sendRecord(c.from, w.buf, w.pos);
    };
    onControl(R_CALL, (from, r) => {
        const id = r.u32();
        const spawnId = r.u32();
        const field = r.str();
        const method = r.str();
        const n = r.u32();
        const args = new Array(n);
        for (let i = 0; i < n; i++) args[i] = decodeValue(r);
        const c: Call = { from, id, spawnId, field, method, args };
        if (lookup(spawnId) === null) {
            // the owner is still being built (the call arrived at a drain point inside its birth): answer
            // once it exists, and read nothing further from the rings until then, to keep calls in order
            controlQueue.push(() => serve(c));
            return true;
        }
        serve(c);
    });
    onControl(R_REPLY, (_from, r) => {
        const id = r.u32();
        const ok = r.u8v() === 1;
        const errType = r.str();
        const value = decodeValue(r);
        replies.set(id, { ok, value, errType });
    });
}
