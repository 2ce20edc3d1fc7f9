/**
 * The placement checks (CHECKS.md §1–3): a subscriber whose `run()` blocks its own delivery, a blocking
 * call holding a cooperative pool's thread, and a direct method call into a locus on another thread.
 */
import type { CallFact, FnFact, Site } from '../facts.js';
import { CHECK_CODES, type ModelDiagnostic, type RelatedSite } from '../diagnostics.js';
import { lastSegment, type CallEdge, type LocusInfo, type LocusInstance, type ProgramModel } from '../program-model.js';
import { placementDiagnosticText, placementSourceText, threadKey, DEFAULT_PLACEMENT } from '../placement.js';
import { ASYNC_IO_BLOCKING_CALLS, BLOCKING_STD_CALLS } from '../std.js';

/** A path from a fn to a blocking std call: the calls made, outermost first. */
interface BlockingPath {
    readonly hops: ReadonlyArray<{ readonly edge: CallEdge; readonly label: string }>;
    readonly leaf: string;
}

/**
 * The first call in `fnKey` that reaches a call of `blocking`, following free fns and `self` methods
 * (not handles, not fn pointers, not other loci's methods). `direct` stops at the fn itself.
 */
export function findBlockingPath(model: ProgramModel, fnKey: string, blocking: ReadonlySet<string>, direct: boolean): BlockingPath | undefined {
    const memo = new Map<string, BlockingPath | null>();
    const visit = (key: string, depth: number): BlockingPath | undefined => {
        const known = memo.get(key);
        if (known !== undefined) return known ?? undefined;
        memo.set(key, null); // cycles in the call graph end here
        let found: BlockingPath | undefined;
        for (const edge of model.callsFrom.get(key) ?? []) {
            const t = edge.target;
            if (t.kind === 'std' && blocking.has(t.path)) { found = { hops: [{ edge, label: t.path }], leaf: t.path }; break; }
            if (direct || depth > 64 || t.kind !== 'fn') continue;
            const inner = visit(t.key, depth + 1);
            if (inner) { found = { hops: [{ edge, label: callLabel(edge.call) }, ...inner.hops], leaf: inner.leaf }; break; }
        }
        memo.set(key, found ?? null);
        return found;
    };
    return visit(fnKey, 0);
}

function callLabel(call: CallFact): string {
    const c = call.callee;
    if (c.kind === 'path') return `${c.path}()`;
    if (c.kind === 'self') return `self.${c.method}()`;
    if (c.kind === 'selfField') return `self.${c.fields.join('.')}.${c.method}()`;
    if (c.kind === 'method') return `${c.receiver}.${c.method}()`;
    return 'a call';
}

function placementSite(model: ProgramModel, inst: LocusInstance): RelatedSite {
    if (inst.entry) return { ...inst.entry, message: `\`${inst.topField}\` is placed \`${placementSourceText(inst.placement)}\` here` };
    return { ...inst.site, message: `\`${inst.field ?? inst.locus}\` has no placement entry: it runs on \`cooperative(pool = main)\`` };
}

function chainSites(path: BlockingPath): RelatedSite[] {
    return path.hops.map((h, i) => ({
        uri: h.edge.uri, range: h.edge.call.range,
        message: i === path.hops.length - 1 ? `the blocking call \`${path.leaf}\`` : `calls \`${h.label}\`, which reaches \`${path.leaf}\``,
    }));
}

export function placementChecks(model: ProgramModel): ModelDiagnostic[] {
    const out: ModelDiagnostic[] = [];
    if (!model.mainLocus) return out;
    const fields = model.instances.filter(i => i.depth === 1 && i.field !== undefined && i.info);
    for (const inst of fields) checkBlockingRun(model, inst, out);
    const reportedHandlers = new Set<string>();
    for (const inst of fields) checkAsyncIoHandlers(model, inst, reportedHandlers, out);
    checkCrossPoolCalls(model, out);
    return out;
}

/** Dead receiver (error) and blocking call (warning) for one main-locus field. */
function checkBlockingRun(model: ProgramModel, inst: LocusInstance, out: ModelDiagnostic[]): void {
    const info = inst.info!;
    const pl = inst.placement;
    if (pl.kind !== 'cooperative' || pl.asyncIo || !info.run) return;
    const runKey = `${info.qualifiedName}::run`;
    const field = inst.field!;
    // A subscription to a subject the locus also publishes is self-dispatch, a direct call: spared.
    const published = new Set(info.decl.bus.filter(m => m.kind === 'publish').map(m => subjectText(m.subject)));
    const subscriptions = info.decl.bus.filter(m => m.kind === 'subscribe' && m.handler && !published.has(subjectText(m.subject)));
    if (subscriptions.length && pl.pool !== 'main') {
        const direct = findBlockingPath(model, runKey, BLOCKING_STD_CALLS, true);
        if (direct) {
            const handlers = subscriptions.map(m => m.handler!).join(', ');
            out.push({
                code: CHECK_CODES.deadReceiver, severity: 'error',
                site: { uri: info.uri, range: direct.hops[0].edge.call.range },
                message: `locus \`${info.decl.name}\` (field \`${field}\`) subscribes to bus topics (${handlers}) but its \`run()\` makes the blocking call \`${direct.leaf}\` while placed \`${placementDiagnosticText(pl, field)}\`. The blocking call monopolizes the pool's thread, so the dispatch that would deliver those cells never runs — the handlers can't fire. (An event-driven subscriber that yields — handlers plus a \`time::sleep\` loop, or \`where async_io\` — receives fine; the problem is the blocking call, not the placement.) Use \`pinned\` (its own thread + a mailbox drained at sleep/yield), or keep \`run()\` non-blocking.`,
                related: [placementSite(model, inst), ...subscriptions.map(m => ({ uri: info.uri, range: m.range, message: `subscription handled by \`${m.handler}\`, which can't fire` }))],
                data: { field, locus: info.decl.name, pool: pl.pool, blockingCall: direct.leaf, entry: inst.entry },
            });
            return;
        }
    }
    const path = findBlockingPath(model, runKey, BLOCKING_STD_CALLS, false);
    if (!path) return;
    const first = path.hops[0];
    const what = path.hops.length === 1 ? path.leaf : `${first.label} (which makes a blocking call)`;
    out.push({
        code: CHECK_CODES.blockingCall, severity: 'warning',
        site: { uri: info.uri, range: first.edge.call.range },
        message: `locus \`${info.decl.name}\` (field \`${field}\`) is placed \`${placementDiagnosticText(pl, field)}\` and reaches the blocking call \`${what}\` in its \`run()\`. A blocking call holds the pool's OS thread for its whole duration, stalling every other locus scheduled on \`${pl.pool}\` (and the pool's bus drain). Use \`pinned\` (its own thread — the prescribed shape for blocking I/O), or \`cooperative(pool = ${pl.pool}) where async_io\` (which parks on I/O readiness instead of blocking the thread).`,
        related: [placementSite(model, inst), ...chainSites(path)],
        data: { field, locus: info.decl.name, pool: pl.pool, blockingCall: path.leaf, entry: inst.entry },
    });
}

/** A handler of a locus on an `async_io` pool that reaches a blocking operation (upstream's placement-implied contract). */
function checkAsyncIoHandlers(model: ProgramModel, inst: LocusInstance, reported: Set<string>, out: ModelDiagnostic[]): void {
    const info = inst.info!;
    const pl = inst.placement;
    if (pl.kind !== 'cooperative' || !pl.asyncIo) return;
    for (const m of info.decl.bus) {
        if (m.kind !== 'subscribe' || !m.handler) continue;
        const handler = info.methods.get(m.handler);
        if (!handler || hasBlockAssertion(handler)) continue;
        const key = `${info.qualifiedName}::${handler.name}`;
        if (reported.has(`${key}@${pl.pool}`)) continue;
        const path = findBlockingPath(model, key, ASYNC_IO_BLOCKING_CALLS, false);
        if (!path) continue;
        reported.add(`${key}@${pl.pool}`);
        const chain = [`${info.decl.name}::${handler.name}`, ...path.hops.slice(0, -1).map(h => calleeName(h.edge, info))].join(' -> ');
        out.push({
            code: CHECK_CODES.blockingCall, severity: 'warning',
            site: { uri: info.uri, range: handler.nameRange },
            message: `\`${info.decl.name}::${handler.name}\` is placed on the async_io pool \`${pl.pool}\`, whose single worker it shares — but it reaches ${chain} [${path.leaf}]. A blocking call here stalls every other locus on \`${pl.pool}\` until it returns. Either move the blocking work to its own pool, or assert the intent with \`@no_block\` (to have the compiler enforce it) — the placement is the contract.`,
            related: [placementSite(model, inst), ...chainSites(path)],
            data: { field: inst.field, locus: info.decl.name, pool: pl.pool, handler: handler.name, blockingCall: path.leaf, entry: inst.entry },
        });
    }
}

function calleeName(edge: CallEdge, owner: LocusInfo): string {
    const t = edge.target;
    if (t.kind !== 'fn') return callLabel(edge.call);
    const node = t.key.startsWith('fn:') ? lastSegment(t.key.slice(3)) : `${owner.decl.name}::${lastSegment(t.key)}`;
    return node;
}

/** `@no_block` or an `@effects(...)` contract: the author asserted intent, and upstream enforces that instead. */
function hasBlockAssertion(fn: FnFact): boolean {
    return fn.decorators.some(d => d.name === 'no_block' || d.name === 'effects');
}

function subjectText(s: { kind: string; path?: string; value?: string }): string {
    return s.kind === 'literal' ? `"${s.value}"` : s.kind === 'topic' ? lastSegment(s.path!) : '';
}

/** `self.field.method()` where the field's instance runs on another thread than the caller. */
function checkCrossPoolCalls(model: ProgramModel, out: ModelDiagnostic[]): void {
    const reported = new Set<string>();
    for (const inst of model.instances) {
        const info = inst.info;
        if (!info || !inst.children.length) continue;
        const ownThread = threadKey(inst.placement, inst.topField ?? inst.locus);
        for (const fn of [...info.decl.methods, ...info.decl.hooks]) {
            for (const edge of model.callsFrom.get(`${info.qualifiedName}::${fn.name}`) ?? []) {
                const c = edge.call.callee;
                if (c.kind !== 'selfField') continue;
                let target: LocusInstance | undefined = inst;
                for (const f of c.fields) target = target?.children.find(ch => ch.field === f);
                if (!target?.info) continue;
                if (threadKey(target.placement, target.topField ?? target.locus) === ownThread) continue;
                const key = `${edge.uri}:${edge.call.range.start.line}:${edge.call.range.start.character}`;
                if (reported.has(key)) continue;
                reported.add(key);
                const fieldPath = c.fields.join('.');
                const callee = `self.${fieldPath}.${c.method}`;
                let message = `cross-pool method call: \`${callee}\` invokes a method on locus \`${target.locus}\` placed \`${placementDiagnosticText(target.placement, target.topField)}\`, but the enclosing locus \`${info.decl.name}\` is placed \`${placementDiagnosticText(inst.placement ?? DEFAULT_PLACEMENT, inst.topField)}\`. Cross-pool coordination must go through the bus, not a direct call. See spec/types.md § "Single-threaded-method invariant (F.31)".`;
                const form = target.info.decl.decorators.find(d => d.name === 'form');
                if (form) {
                    if (form.keys.includes('sync')) continue; // an explicit sync discipline makes it safe
                    message += `\n  hint: receiver \`${target.locus}\` is \`@form(...)\`. Cross-pool access requires an explicit sync discipline:\n    \`@form(hashmap, sync = serialized)\` — per-map mutex (simplest, lowest throughput)\n    \`@form(hashmap, sync = striped)\` — parallel writers, cache-padded cells (F.32-1β)\n  See \`notes/f32-cache-aware-delivery-plan.md\` § F.32-0 / F.32-1.`;
                }
                const related: RelatedSite[] = [placementSite(model, target)];
                const method = target.info.methods.get(c.method);
                if (method) related.push({ uri: target.info.uri, range: method.nameRange, message: `\`${target.locus}.${c.method}\` runs on \`${target.topField}\`'s thread` });
                out.push({
                    code: CHECK_CODES.crossPoolCall, severity: 'error',
                    site: { uri: edge.uri, range: edge.call.range }, message, related,
                    data: { field: fieldPath, locus: target.locus, method: c.method, entry: target.entry },
                });
            }
        }
    }
}

export type { Site };
