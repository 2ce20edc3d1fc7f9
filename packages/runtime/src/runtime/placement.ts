// Placement at run time. The main locus's `placement { }` block (resolved by the compiler into a thread
// plan) says which params field lives on which Hale thread. When the main locus's params are initialised,
// a placed field is not built on the main thread: the main thread sends SPAWN to the field's thread, which
// evaluates the field's initialiser there (so the locus, and everything nested in it, lives on that
// thread), runs its lifecycle, and keeps it alive until the parent's teardown sends SHUTDOWN. The parent
// keeps a RemoteRef: it can be supervised (on_failure, restart), joined, and named, and the shared (sync)
// forms it holds are usable through it (remote-form.ts); its methods are not callable from another pool
// (the compiler rejects cross-pool calls).
//
// Teardown follows upstream's delivery contract: a dissolving parent first joins its remote children
// (SHUTDOWN, then wait for DONE while this thread keeps delivering what they publish), and only then
// cascades its own field children, so events a worker publishes in its final moments still reach their
// sibling subscribers.

import { absorbIncoming, controlQueue, drain, enqueueTask, onControl } from './bus.js';
import { ctx, R_DONE, R_FAIL, R_RESTART, R_SHUTDOWN, R_SPAWN, sendRecord } from './threads/context.js';
import { decoder, encoder, type Reader } from './threads/codec.js';
import {
    dissolveCascade,
    drainCascade,
    failureRecord,
    Locus,
    makeViolation,
    routeFailure,
    setRemoteFailureRouter,
    setRemoteJoiner,
    setRestartHook,
    St,
    typeName,
} from './locus.js';
import { waitUntil } from './sched.js';
import { installRemoteForms, remoteForm } from './remote-form.js';
import type { TypeDesc } from './values/types.js';
import { HaleViolation, type ViolationRecord } from './errors.js';

export interface FieldPlacement {
    kind: 'pinned' | 'pool';
    /** One thread per replica. */
    threads: number[];
}

/** A placed child living on another thread, as its parent sees it. */
export class RemoteRef {
    $done = false;
    $failed = false;
    draining = false;
    constructor(
        public readonly $thread: number,
        public readonly $spawnId: number,
        public readonly $typeName: string,
        public readonly $field: string,
        public readonly $parentLocus: Locus,
    ) {}
}

/** Type test that sees through RemoteRef (used by compiled `on_failure` / `accept` dispatch). */
export function isA(v: any, name: string): boolean {
    if (v instanceof RemoteRef) return v.$typeName === name;
    if (v instanceof Locus) {
        const C = v.constructor as typeof Locus;
        return C.$name === name || C.$is.includes(name);
    }
    return false;
}

let nextSpawn = 1;
const remoteChildren = new Map<Locus, RemoteRef[]>();
const refsById = new Map<number, RemoteRef>();

/** Describe the main locus's scalar params so a snapshot can travel with SPAWN. */
function snapshotFields(parent: Locus): [string, TypeDesc][] {
    return ((parent.constructor as any).$paramTypes ?? []) as [string, TypeDesc][];
}

/**
 * Called from a main locus's `$init` for a placed field: spawn it on its thread(s). Returns the RemoteRef
 * (or an array of them for `replicas = K`).
 */
export function placeField(parent: Locus, field: string, placement: FieldPlacement, typeName: string): any {
    const refs: RemoteRef[] = [];
    const fields = snapshotFields(parent).filter(([n]) => (parent as any)[n] !== undefined);
    placement.threads.forEach((thread, replica) => {
        const id = nextSpawn++;
        const ref = new RemoteRef(thread, id, typeName, field, parent);
        for (const f of ctx.program?.loci?.[typeName]?.$forms ?? []) (ref as any)[f] = remoteForm(thread, id, f);
        refs.push(ref);
        refsById.set(id, ref);
        const w = ctx.writer;
        w.reset();
        w.u8(R_SPAWN);
        w.u32(id);
        w.str((parent.constructor as any).$name);
        w.str(field);
        w.u32(replica);
        w.u32(fields.length);
        for (const [n, d] of fields) {
            w.str(n);
            encoder(d)(w, (parent as any)[n]);
        }
        sendRecord(thread, w.buf, w.pos, absorbIncoming);
    });
    let list = remoteChildren.get(parent);
    if (!list) remoteChildren.set(parent, (list = []));
    list.push(...refs);
    return refs.length === 1 && placement.threads.length === 1 ? refs[0] : refs;
}

function sendSimple(thread: number, kind: number, id: number): void {
    const w = ctx.writer;
    w.reset();
    w.u8(kind);
    w.u32(id);
    sendRecord(thread, w.buf, w.pos, absorbIncoming);
}

/** Join a parent's remote children: SHUTDOWN, then service the bus until each reports DONE. */
function joinRemote(o: Locus): void {
    const refs = remoteChildren.get(o);
    if (!refs || refs.length === 0) return;
    // Pinned children first (their last publishes must reach subscribers that are still alive), then
    // pool children, as upstream's teardown contract orders them.
    for (const r of refs) if (!r.$done) sendSimple(r.$thread, R_SHUTDOWN, r.$spawnId);
    waitUntil(() => refs.every((r) => r.$done));
    drain();
    remoteChildren.delete(o);
}

// ------------------------------------------------------------------------------ the spawned side

interface Spawned {
    id: number;
    from: number;
    mainName: string;
    field: string;
    replica: number;
    snapshot: any;
    locus: Locus | null;
    shutdown: boolean;
}

const spawned = new Map<number, Spawned>();
const spawnedByLocus = new Map<Locus, Spawned>();

export { controlQueue };

/** How a thread starts a spawned locus: pinned threads run it inline, pools as a task. */
export type SpawnRunner = (s: Spawned, build: () => Locus) => void;
let spawnRunner: SpawnRunner = (s, build) => {
    s.locus = build();
    spawnedByLocus.set(s.locus, s);
};
export function setSpawnRunner(f: SpawnRunner): void {
    spawnRunner = f;
}

export function registerSpawnedLocus(s: Spawned, o: Locus): void {
    s.locus = o;
    spawnedByLocus.set(o, s);
}

function buildSpawned(s: Spawned): Locus {
    const Main = ctx.program.loci[s.mainName];
    const init = Main && Main['$place_' + s.field];
    if (typeof init !== 'function') throw new Error(`no initialiser for placed field ${s.mainName}.${s.field}`);
    // The snapshot stands in for the parent: failures of the subtree find their way home through it.
    s.snapshot.$spawn = s;
    return init(s.snapshot, s.replica);
}

function startSpawned(s: Spawned): void {
    spawnRunner(s, () => buildSpawned(s));
}

/** Tear down a spawned locus and report DONE to its parent's thread. */
export function finishSpawned(s: Spawned): void {
    const o = s.locus;
    if (o && o.$st < St.Dissolved) {
        drain();
        drainCascade(o);
        dissolveCascade(o);
    }
    drain();
    if (o) spawnedByLocus.delete(o);
    spawned.delete(s.id);
    sendSimple(s.from, R_DONE, s.id);
}

export function spawnedCount(): number {
    return spawned.size;
}

export function pendingShutdowns(): Spawned[] {
    return [...spawned.values()].filter((s) => s.shutdown);
}

export function allSpawned(): Spawned[] {
    return [...spawned.values()];
}

function readSnapshot(mainName: string, r: Reader): any {
    const Main = ctx.program.loci[mainName];
    const types = new Map<string, TypeDesc>(((Main?.$paramTypes ?? []) as [string, TypeDesc][]).map((x) => [x[0], x[1]]));
    const n = r.u32();
    const snap: any = { $snapshot: true };
    for (let i = 0; i < n; i++) {
        const name = r.str();
        const d = types.get(name);
        if (!d) throw new Error(`snapshot field ${name} unknown`);
        snap[name] = decoder(d)(r);
    }
    return snap;
}

export function installPlacementProtocol(): void {
    onControl(R_SPAWN, (from, r) => {
        const id = r.u32();
        const mainName = r.str();
        const field = r.str();
        const replica = r.u32();
        const snapshot = readSnapshot(mainName, r);
        const s: Spawned = { id, from, mainName, field, replica, snapshot, locus: null, shutdown: false };
        spawned.set(id, s);
        controlQueue.push(() => startSpawned(s));
        return true; // later records may be for this locus's subscriptions: build it first
    });
    onControl(R_SHUTDOWN, (_from, r) => {
        const id = r.u32();
        const s = spawned.get(id);
        if (!s) return;
        s.shutdown = true;
        if (s.locus) s.locus.draining = true;
        controlQueue.push(() => {
            if (spawned.has(id) && (s.locus === null || s.locus.$st !== St.Running)) finishSpawned(s);
        });
    });
    onControl(R_RESTART, (_from, r) => {
        const id = r.u32();
        const s = spawned.get(id);
        if (!s) return;
        controlQueue.push(() => {
            const o = s.locus;
            if (o && o.$st < St.Dissolved) {
                drainCascade(o);
                dissolveCascade(o);
            }
            if (o) spawnedByLocus.delete(o);
            s.locus = null;
            startSpawned(s);
        });
        return true;
    });
    onControl(R_DONE, (_from, r) => {
        const id = r.u32();
        const ref = refsById.get(id);
        if (ref) {
            ref.$done = true;
            refsById.delete(id);
        }
    });
    onControl(R_FAIL, (_from, r) => {
        const id = r.u32();
        const rec: ViolationRecord = {
            closure: r.str(),
            epoch: r.str(),
            locus: r.str(),
            left: 0,
            right: 0,
            tolerance: 0,
            diff: 0,
            captures: r.str(),
            detail: r.str(),
        };
        const ref = refsById.get(id);
        if (!ref) return;
        ref.$failed = true;
        ref.draining = true;
        // The supervisor's on_failure is Hale code: run it at the next drain point, not in the ring read.
        enqueueTask(() => superviseRemote(ref, rec));
    });

    setRemoteJoiner(joinRemote);
    installRemoteForms((id) => {
        const s = spawned.get(id);
        return s ? s.locus : undefined;
    });

    // A spawned locus whose failure escapes its own subtree reports to the parent's thread.
    setRemoteFailureRouter((o, e) => {
        let p: any = o;
        while (p && !p.$spawn && !spawnedByLocus.has(p)) p = p.$parent;
        if (!p) return false;
        const s: Spawned = p.$spawn ?? spawnedByLocus.get(p);
        const rec = failureRecord(o, e);
        const w = ctx.writer;
        w.reset();
        w.u8(R_FAIL);
        w.u32(s.id);
        w.str(String(rec.closure));
        w.str(String(rec.epoch));
        w.str(String(rec.locus));
        w.str(String(rec.captures));
        w.str(String(rec.detail));
        sendRecord(s.from, w.buf, w.pos, absorbIncoming);
        return true;
    });

    setRestartHook((c) => {
        if (!(c instanceof RemoteRef)) return false;
        c.$failed = false;
        c.draining = false;
        sendSimple(c.$thread, R_RESTART, c.$spawnId);
        return true;
    });
}

/** Run the parent's on_failure for a remote child (restart / absorb / bubble). */
function superviseRemote(ref: RemoteRef, rec: ViolationRecord): void {
    const sup = ref.$parentLocus;
    const err = makeViolation(rec);
    let handled = false;
    try {
        handled = sup.$onFailure(ref, err);
    } catch (e) {
        routeFailure(sup, e);
        return;
    }
    if (!handled) routeFailure(sup, new HaleViolation(sup, rec));
}

export function remoteTypeName(v: any): string {
    return v instanceof RemoteRef ? v.$typeName : typeName(v);
}
