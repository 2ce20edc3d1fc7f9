// Loci: instantiation, the lifecycle (birth → run → drain → dissolve), ownership (fields, accepted
// children, let-bound frames), the drain/dissolve cascade, and structural failure routing (on_failure,
// restart, quarantine, bubble, escalation to the root).
//
// A compiled locus type is a class extending `Locus`. Its params are plain properties; its lifecycle hooks,
// modes, handlers and member fns are methods; static fields describe what the runtime needs to know (the
// bus block, what it accepts, its closures). See docs/design.md, "The compiled-code contract".

import { drain, KEY_CATCH, KEY_NONE, KEY_SPECIFIC, subscribe, unsubscribe, type Sub } from './bus.js';
import { HaleExit, HaleFail, HalePanic, HaleViolation, type ViolationRecord } from './errors.js';
import { addTimer, HaleShutdown, inHook } from './sched.js';
import { ctx, G_SHUTDOWN } from './threads/context.js';

export const enum St {
    New = 0,
    Born = 1,
    Running = 2,
    Ran = 3,
    Draining = 4,
    Dissolved = 5,
}

/** How an instantiation site holds the new locus (decides when it dissolves). */
export const STMT = 0; // `L { };` — fire-and-forget: full lifecycle at the statement
export const LET = 1; // `let h = L { };` or a value use — dissolves at the enclosing fn's scope exit
export const FIELD = 2; // a params default — owned by the locus being built, dissolves with it
export const ORPHAN = 3; // an override literal — adopted by the locus it is passed to

export interface SubSpec {
    subject: string;
    handler: string;
    /** Evaluates the `where key == EXPR` filter on the new instance; `undefined` = no filter. */
    key?: (self: any) => unknown;
    catchAll?: boolean;
}

export interface ClosureSpec {
    name: string;
    epoch: 'tick' | 'birth' | 'dissolve' | 'explicit' | 'inline' | 'duration';
    periodMs?: number;
    /** Returns the violation record when the assertion fails, else null. */
    check?: (self: any) => Partial<ViolationRecord> | null;
    resetsPerEpoch?: string[];
    captures?: string[];
}

export type Frame = Locus[];

let nextId = 1;

export class Locus {
    /** Set once the locus has decided (or been told) to wind down. */
    $draining = false;
    /** `self.draining`: true once the locus winds down, or once SIGINT/SIGTERM asked the program to drain. */
    get draining(): boolean {
        return this.$draining || Atomics.load(ctx.global, G_SHUTDOWN) === 1;
    }
    set draining(v: boolean) {
        this.$draining = v;
    }
    $id = nextId++;
    $st: number = St.New;
    $parent: any = null;
    $owner: Locus | null = null;
    $kids: Locus[] | null = null;
    $fieldKids: Locus[] | null = null;
    $subs: Sub[] | null = null;
    $field: string | null = null;
    $ov: any = null;
    $orphan = false;
    $exploded: ViolationRecord | null = null;
    $terminate = false;
    $stmtTeardown = false;
    $quarantined = false;
    $epochTimers: { cancel(): void }[] | null = null;
    $replica = 0;

    static $name = 'Locus';
    static $subs: SubSpec[] = [];
    /** Names of the locus (and interface) types this locus `accept`s. */
    static $accepts: string[] = [];
    /** Names of the child types this locus `release`s (those children are flows). */
    static $releases: string[] = [];
    static $closures: ClosureSpec[] = [];
    /** Names this type answers to for accept matching (its own name plus interfaces it satisfies). */
    static $is: string[] = [];
    static $hasRun = false;

    /** Params initialisation; generated per type. */
    $init(_ov: any): void {}
    birth(): void {}
    drain(): void {}
    dissolve(): void {}
    /** Generated when the type declares `accept(c: T)` hooks; dispatches on the child's type. */
    $accept(_child: Locus): void {}
    $release(_child: Locus): void {}
    /** Generated when the type declares `on_failure`; returns false when no handler matches. */
    $onFailure(_child: any, _err: any): boolean {
        return false;
    }
}

function ctorOf(o: Locus): typeof Locus {
    return o.constructor as typeof Locus;
}

export function typeName(o: any): string {
    return o && o.constructor ? ((o.constructor as any).$name ?? o.constructor.name) : String(o);
}

function accepts(owner: Locus, child: typeof Locus): boolean {
    const acc = ctorOf(owner).$accepts;
    if (acc.length === 0) return false;
    if (acc.includes(child.$name)) return true;
    for (const n of child.$is) if (acc.includes(n)) return true;
    return false;
}

function findOwner(ctx: any, C: typeof Locus): Locus | null {
    for (let p = ctx; p instanceof Locus; p = p.$parent) {
        if (accepts(p, C)) return p;
    }
    return null;
}

function isFlow(o: Locus): boolean {
    const ow = o.$owner;
    if (!ow) return false;
    const rel = ctorOf(ow).$releases;
    if (rel.length === 0) return false;
    const C = ctorOf(o);
    return rel.includes(C.$name) || C.$is.some((n) => rel.includes(n));
}

// ---------------------------------------------------------------------------------- instantiation

/**
 * `L { overrides }`. `ctx` is the locus whose code is running (or null in a free fn), `frame` the enclosing
 * fn's dissolve frame, `mode` how the site holds the result.
 */
export function make<C extends typeof Locus>(
    C: C,
    ov: any,
    ctx: any,
    frame: Frame | null,
    mode: number,
): InstanceType<C> {
    const o = new C() as InstanceType<C>;
    o.$parent = ctx;
    o.$ov = ov;
    const owner = findOwner(ctx, C);
    o.$init(ov);
    if (ov) adoptOrphans(o, ov);
    if (owner) {
        // The owner's accept runs before the child goes live; a rejection (a violation or panic in
        // accept) fails the instantiation and reaches the owner's supervisor.
        o.$owner = owner;
        invoke(owner, () => owner.$accept(o));
        (owner.$kids ??= []).push(o);
    }
    born(o);
    if (mode === FIELD) {
        (ctx.$fieldKids ??= []).push(o);
    } else if (mode === ORPHAN) {
        o.$orphan = true;
    }
    if (o.$draining) {
        // birth failed: the supervisor has been told; the child never runs
        if (!owner && frame && mode !== FIELD) frame.push(o);
        return o;
    }
    if (ctorOf(o).$hasRun) startRun(o);
    if (owner) return o; // owned by the accepting ancestor: reclaimed with it (or as a flow)
    if (mode === STMT) {
        if (o.$st === St.Running) o.$stmtTeardown = true; // run() continues as a coroutine (pool thread)
        else if (o.$subs === null || o.$subs.length === 0) teardown(o);
        else if (frame) frame.push(o);
    } else if (mode === LET) {
        if (frame) frame.push(o);
    }
    return o;
}

function adoptOrphans(o: Locus, ov: any): void {
    for (const k in ov) {
        const v = ov[k];
        if (v instanceof Locus && v.$orphan) {
            v.$orphan = false;
            v.$parent = o;
            v.$field = k;
            (o.$fieldKids ??= []).push(v);
        }
    }
}

/** `bindings { }` on a main locus: realized at its birth; a transport that cannot open refuses the boot. */
export let realizeBindings: (o: Locus, bindings: any[]) => void = () => {};
export function setBindingRealizer(f: (o: Locus, bindings: any[]) => void): void {
    realizeBindings = f;
}

/** Birth + subscriptions + birth-epoch closures. */
export function born(o: Locus): void {
    const bindings = (o.constructor as any).$bindings;
    if (bindings) realizeBindings(o, bindings);
    invoke(o, () => o.birth());
    o.$st = St.Born;
    if (o.$draining) return; // birth failed (routed to the supervisor): never goes live
    const C = ctorOf(o);
    if (C.$subs.length !== 0) wireSubscriptions(o);
    if (C.$closures.length !== 0) startClosures(o);
    drain();
}

export function wireSubscriptions(o: Locus): void {
    const C = ctorOf(o);
    const subs: Sub[] = (o.$subs = []);
    for (const s of C.$subs) {
        const h = (o as any)[s.handler] as (p: any) => unknown;
        if (typeof h !== 'function') throw new HalePanic(`handler ${s.handler} missing on ${C.$name}`);
        let mode = KEY_NONE;
        let key: unknown;
        if (s.catchAll) mode = KEY_CATCH;
        else if (s.key) {
            mode = KEY_SPECIFIC;
            key = s.key(o); // captured by value at registration
        }
        subs.push(subscribe(s.subject, o, h, mode, key));
    }
}

function unwire(o: Locus): void {
    if (o.$subs) {
        for (const s of o.$subs) unsubscribe(s);
        o.$subs = null;
    }
}

/** How a locus's run() starts: inline on the main pool and pinned threads, as a coroutine on a pool. */
export let startRun: (o: Locus) => void = (o) => runInline(o);
export function setRunStarter(f: (o: Locus) => void): void {
    startRun = f;
}

/** Run `run()` on this thread, to completion. */
export function runInline(o: Locus): void {
    if (o.$st >= St.Draining || o.$quarantined) return;
    o.$st = St.Running;
    try {
        invoke(o, () => (o as any).run());
    } catch (e) {
        // a run() that kept suspending after a drain request ends here; the cascade follows as usual
        if (!(e instanceof HaleShutdown)) throw e;
    }
    if (o.$st === St.Running) o.$st = St.Ran;
    drain();
    afterRun(o);
}

/** A flow child (its owner `release`s its type) or one that said `terminate;` is reclaimed when run ends. */
export function afterRun(o: Locus): void {
    if (o.$st >= St.Dissolved) return;
    if (o.$stmtTeardown && !o.$owner) {
        teardown(o);
        return;
    }
    if (o.$terminate || isFlow(o)) {
        const ow = o.$owner;
        drainCascade(o);
        if (ow && isFlow(o)) invoke(ow, () => ow.$release(o));
        dissolveCascade(o);
    }
}

// ------------------------------------------------------------------------------------- teardown

/** Full teardown: pending bus work, then drain (children first), then dissolve (self first). */
export function teardown(o: Locus): void {
    if (o.$st >= St.Dissolved) return;
    drain();
    drainCascade(o);
    dissolveCascade(o);
}

/** Hook for placement: join the remote (pinned / pool) children of a main locus before its cascade. */
export let joinRemoteChildren: (o: Locus) => void = () => {};
export function setRemoteJoiner(f: (o: Locus) => void): void {
    joinRemoteChildren = f;
}

export function drainCascade(o: Locus): void {
    if (o.$st >= St.Draining) return;
    joinRemoteChildren(o);
    o.draining = true;
    if (o.$fieldKids) for (const k of o.$fieldKids) drainCascade(k);
    if (o.$kids) for (const k of o.$kids.slice()) drainCascade(k);
    o.$st = St.Draining;
    inHook(() => invoke(o, () => o.drain()));
}

export function dissolveCascade(o: Locus): void {
    if (o.$st >= St.Dissolved) return;
    o.$st = St.Dissolved;
    stopClosures(o);
    checkClosures(o, 'dissolve');
    inHook(() => invoke(o, () => o.dissolve()));
    if (o.$fieldKids) for (const k of o.$fieldKids) dissolveCascade(k);
    if (o.$kids) for (const k of o.$kids.slice()) dissolveCascade(k);
    unwire(o);
    const ow = o.$owner;
    if (ow && ow.$kids) {
        const i = ow.$kids.indexOf(o);
        if (i >= 0) ow.$kids.splice(i, 1);
    }
    if (o.$exploded) {
        const v = o.$exploded;
        o.$exploded = null;
        routeFailure(o, new HaleViolation(o, v));
    }
}

/** The scope-exit flush of a fn's dissolve frame: pending bus work, then reverse creation order. */
export function flush(frame: Frame): void {
    if (frame.length === 0) {
        drain();
        return;
    }
    drain();
    for (let i = frame.length - 1; i >= 0; i--) teardown(frame[i]);
    frame.length = 0;
}

/** A locus returned out of a fn leaves that fn's frame (its caller's binding owns it now). */
export function escape(frame: Frame | null, v: any): any {
    if (frame && v instanceof Locus) {
        const i = frame.indexOf(v);
        if (i >= 0) frame.splice(i, 1);
    }
    return v;
}

/** `let x = f()` of a locus type: the binding owns it until this fn's scope exits. */
export function own(frame: Frame | null, v: any): any {
    if (frame && v instanceof Locus && !v.$owner && v.$st < St.Dissolved && !frame.includes(v)) frame.push(v);
    return v;
}

// -------------------------------------------------------------------------------------- failures

/**
 * Run lifecycle code of `o`. A violation or panic escaping it is routed to `o`'s supervisor; value errors
 * and exits keep unwinding.
 */
export function invoke(o: Locus, fn: () => void): void {
    try {
        fn();
    } catch (e) {
        if (e instanceof HaleTerminate && e.locus === o) {
            o.$terminate = true;
            return;
        }
        if (e instanceof HaleExit || e instanceof HaleShutdown) throw e;
        routeFailure(o, e);
    }
}

/** `terminate;` — leave the current method; the runtime tears the locus down when its run() ends. */
export class HaleTerminate {
    constructor(public readonly locus: Locus) {}
}

export function terminate(o: Locus): never {
    o.draining = true;
    o.$terminate = true;
    throw new HaleTerminate(o);
}

/** Synthesized `ClosureViolation` payload type (compiled programs replace this factory). */
export let makeViolation: (r: ViolationRecord) => any = (r) => r;
export function setViolationFactory(f: (r: ViolationRecord) => any): void {
    makeViolation = f;
}

/** Convert anything thrown by a locus into the record handed to `on_failure`. */
export function failureRecord(o: any, e: unknown): ViolationRecord {
    if (e instanceof HaleViolation) return e.record;
    const base: ViolationRecord = {
        closure: 'panic',
        epoch: 'inline',
        locus: typeName(o),
        left: 0,
        right: 0,
        tolerance: 0,
        diff: 0,
        captures: '',
        detail: '',
    };
    if (e instanceof HaleFail) {
        base.closure = 'unhandled_error';
        base.detail = `unhandled ${e.typeName}`;
    } else if (e instanceof HalePanic) {
        base.detail = e.message;
    } else if (e instanceof Error) {
        base.detail = `${e.name}: ${e.message}`;
    } else base.detail = String(e);
    return base;
}

export type RootFailureHandler = (o: any, e: unknown) => never;
let rootFailure: RootFailureHandler = (_o, e) => {
    throw e;
};
export function setRootFailureHandler(f: RootFailureHandler): void {
    rootFailure = f;
}

/** Cross-thread supervisors: a spawned locus whose parent lives on another thread reports there. */
let remoteFailure: ((o: Locus, e: unknown) => boolean) | null = null;
export function setRemoteFailureRouter(f: (o: Locus, e: unknown) => boolean): void {
    remoteFailure = f;
}

/**
 * Route a structural failure of `o` up the tower: the supervisor's `on_failure` decides (absorb, restart,
 * quarantine, bubble); with no handler it bubbles to the supervisor's own supervisor; past the root the
 * process exits with a report.
 */
export function routeFailure(o: any, e: unknown): void {
    if (e instanceof HaleExit || e instanceof HaleShutdown) throw e;
    if (e instanceof HaleTerminate) {
        e.locus.$terminate = true;
        return;
    }
    if (o instanceof Locus) {
        o.draining = true;
        const sup: any = o.$owner ?? o.$parent;
        if (sup instanceof Locus) {
            const rec = failureRecord(o, e);
            const err = makeViolation(rec);
            let handled = false;
            try {
                handled = sup.$onFailure(o, err);
            } catch (inner) {
                if (inner instanceof Bubble) {
                    routeFailure(sup, inner.err instanceof HaleViolation ? inner.err : new HaleViolation(sup, rec));
                    return;
                }
                routeFailure(sup, inner);
                return;
            }
            if (!handled) routeFailure(sup, e instanceof HaleViolation ? e : new HaleViolation(o, rec));
            return;
        }
        if (remoteFailure && remoteFailure(o, e)) return;
    }
    rootFailure(o, e);
}

/** `bubble(err);` inside on_failure. */
export class Bubble {
    constructor(public readonly err: unknown) {}
}
export function bubble(err: unknown): never {
    throw new Bubble(err);
}

/** `violate name;` — fire an inline closure of `self`. */
export function violate(o: Locus, closure: string, detail = ''): never {
    const C = ctorOf(o);
    const spec = C.$closures.find((c) => c.name === closure);
    const rec: ViolationRecord = {
        closure,
        epoch: spec?.epoch ?? 'inline',
        locus: C.$name,
        left: 0,
        right: 0,
        tolerance: 0,
        diff: 0,
        captures: spec?.captures ? spec.captures.map((f) => `${f}=${String((o as any)[f])}`).join(',') : '',
        detail,
    };
    o.draining = true;
    throw new HaleViolation(o, rec);
}

/**
 * Call a method on another locus whose type can violate: a violation escaping it stops at this boundary
 * (after being routed to the callee's supervisor) and the call yields `fallback`.
 */
export function callGuarded<R>(callee: Locus, fn: () => R, fallback: R): R {
    try {
        return fn();
    } catch (e) {
        if (e instanceof HaleViolation && e.locus === callee) {
            routeFailure(callee, e);
            return fallback;
        }
        throw e;
    }
}

// --------------------------------------------------------------------------------- recovery ops

/** `restart(child)`: dissolve it and create a fresh instance with the same params in the same place. */
export let restartHook: ((c: any) => boolean) | null = null;
export function setRestartHook(f: (c: any) => boolean): void {
    restartHook = f;
}

export function restart(c: any): void {
    if (restartHook && restartHook(c)) return;
    if (!(c instanceof Locus)) return;
    const C = ctorOf(c);
    const parent = c.$parent;
    const owner = c.$owner;
    const field = c.$field;
    if (c.$st < St.Dissolved) {
        c.$exploded = null;
        drainCascade(c);
        dissolveCascade(c);
    }
    const n = new C() as Locus;
    n.$parent = parent;
    n.$ov = c.$ov;
    n.$field = field;
    n.$init(c.$ov ?? {});
    if (owner) {
        n.$owner = owner;
        (owner.$kids ??= []).push(n);
    }
    if (parent instanceof Locus && field) {
        (parent as any)[field] = n;
        const fk = parent.$fieldKids;
        if (fk) {
            const i = fk.indexOf(c);
            if (i >= 0) fk[i] = n;
        }
    }
    born(n);
    if (C.$hasRun) runInline(n);
}

export function restartInPlace(c: any): void {
    restart(c);
}

/** `quarantine(child) [for d]`: halt it (no deliveries), keep its state; after `d`, restart it. */
export function quarantine(c: any, forNs?: number | bigint): void {
    if (!(c instanceof Locus)) return;
    c.$quarantined = true;
    c.draining = true;
    unwire(c);
    if (forNs !== undefined) {
        addTimer(Number(forNs) / 1e6, () => {
            c.$quarantined = false;
            restart(c);
        });
    }
}

export function dissolveChild(c: any): void {
    if (c instanceof Locus) {
        drainCascade(c);
        dissolveCascade(c);
    }
}

// -------------------------------------------------------------------------------------- closures

function startClosures(o: Locus): void {
    const C = ctorOf(o);
    for (const c of C.$closures) {
        if (c.epoch === 'birth') checkOne(o, c);
        if (c.epoch === 'duration' && c.periodMs !== undefined) {
            const tick = () => {
                if (o.$st >= St.Dissolved) return;
                checkOne(o, c, true);
                if (c.resetsPerEpoch) for (const f of c.resetsPerEpoch) resetField(o, f);
                (o.$epochTimers ??= []).push(addTimer(c.periodMs!, tick));
            };
            (o.$epochTimers ??= []).push(addTimer(c.periodMs, tick));
        }
    }
}

function resetField(o: any, f: string): void {
    const v = o[f];
    if (typeof v === 'number') o[f] = 0;
    else if (typeof v === 'bigint') o[f] = 0;
    else if (typeof v === 'string') o[f] = '';
    else if (typeof v === 'boolean') o[f] = false;
}

function stopClosures(o: Locus): void {
    if (o.$epochTimers) {
        for (const t of o.$epochTimers) t.cancel();
        o.$epochTimers = null;
    }
}

/** Accumulator state of one closure of one locus (`sum(...)`, `count()`, `mean(...)`). */
export function accState(o: any, name: string): { n: number; [k: string]: number } {
    const all = (o.$acc ??= {});
    return (all[name] ??= { n: 0 });
}

/**
 * Evaluate one closure. A failing assertion at an inline moment (tick, explicit, a duration epoch) is
 * routed to the supervisor at once; at birth/dissolve it marks the locus exploded (reported at dissolve).
 */
function checkOne(o: Locus, c: ClosureSpec, immediate = false): void {
    if (!c.check) return;
    const r = c.check(o);
    if (!r) return;
    const rec: ViolationRecord = {
        closure: c.name,
        epoch: c.epoch,
        locus: ctorOf(o).$name,
        left: 0,
        right: 0,
        tolerance: 0,
        diff: 0,
        captures: c.captures ? c.captures.map((f) => `${f}=${String((o as any)[f])}`).join(',') : '',
        detail: '',
        ...r,
    };
    if (immediate) routeFailure(o, new HaleViolation(o, rec));
    else if (!o.$exploded) o.$exploded = rec;
}

export function checkClosures(o: Locus, epoch: string): void {
    for (const c of ctorOf(o).$closures) if (c.epoch === epoch) checkOne(o, c, false);
}

/** `check_closures();` — evaluate the explicit-epoch closures now. */
export function checkExplicit(o: Locus): void {
    for (const c of ctorOf(o).$closures) if (c.epoch === 'explicit') checkOne(o, c, true);
}

/** After each handler invocation: the locus's `epoch tick` closures. */
export function afterHandler(o: any): void {
    if (!(o instanceof Locus) || o.$st >= St.Dissolved || o.$quarantined) return;
    const cs = ctorOf(o).$closures;
    if (cs.length === 0) return;
    for (const c of cs) if (c.epoch === 'tick') checkOne(o, c, true);
}

// ----------------------------------------------------------------------------------- children

/** `self.children` as the compiled code sees it. */
export function children(o: Locus): Locus[] {
    return o.$kids ?? [];
}

/** `self.k_max` = B / ((1 - phi) * c + phi * sigma) from the locus's capacity params. */
export function kMax(o: any): number {
    const B = Number(o.B ?? 0);
    const c = Number(o.c ?? 0);
    const sigma = Number(o.sigma ?? 0);
    const phi = Number(o.phi ?? 0);
    return B / ((1 - phi) * c + phi * sigma);
}
