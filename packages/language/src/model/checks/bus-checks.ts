/**
 * The bus-graph checks (CHECKS.md §4–7): orphan topics, publish cycles, unthrottled publish loops and
 * literal subjects used with two payload types.
 */
import type { FnFact, SendFact } from '../facts.js';
import { CHECK_CODES, type ModelDiagnostic, type RelatedSite } from '../diagnostics.js';
import { lastSegment, sendSubject, type BusEnd, type BusSubjectInfo, type LocusInfo, type ProgramModel } from '../program-model.js';
import { isPacingCall } from '../std.js';

/** `log.**` covers `log.app` and `log.app.db`; `a.*` covers exactly one more segment. */
export function wildcardCovers(pattern: string, subject: string): boolean {
    if (!pattern.includes('*') || pattern === subject) return false;
    const ps = pattern.split('.'), ss = subject.split('.');
    for (let i = 0; i < ps.length; i++) {
        if (ps[i] === '**') return ss.length > i;
        if (i >= ss.length) return false;
        if (ps[i] !== '*' && ps[i] !== ss[i]) return false;
    }
    return ps.length === ss.length;
}

/** Subjects a transport binding of the main locus names (their other end may be another process). */
export function boundSubjects(model: ProgramModel): Set<string> {
    const bound = new Set<string>();
    for (const b of model.mainLocus?.decl.bindings ?? []) bound.add(model.topics.get(b.topic)?.decl.name ?? lastSegment(b.topic));
    return bound;
}

function subjectLabel(s: BusSubjectInfo): string {
    return s.isLiteral ? `bus subject \`"${s.subject}"\`` : `bus topic \`${s.subject}\``;
}

export function orphanTopics(model: ProgramModel): ModelDiagnostic[] {
    const out: ModelDiagnostic[] = [];
    if (!model.mainLocus) return out; // library code: its peers live downstream
    const bound = boundSubjects(model);
    const wildcards = model.subjects.filter(s => s.subject.includes('*')).map(s => s.subject);
    for (const [name, t] of model.topics) {
        if (name !== t.decl.name) continue; // module-qualified alias of the same topic
        const s = model.subjectIndex.get(name);
        if ((s && (s.publishers.length || s.subscribers.length)) || bound.has(name)) continue;
        out.push({
            code: CHECK_CODES.orphanTopic, severity: 'warning',
            site: { uri: t.uri, range: t.decl.range },
            message: `bus topic \`${name}\` is declared but neither published nor subscribed — it's dead wiring.`,
            related: sendsTo(model, name).map(x => ({ ...x, message: `sent here, but no locus declares \`publish ${name}\`` })),
            data: { subject: name, end: 'none' },
        });
    }
    for (const s of model.subjects) {
        if (s.crossSeed || bound.has(s.subject) || s.subject.includes('*') || wildcards.some(w => wildcardCovers(w, s.subject))) continue;
        const forIt = s.isLiteral ? '' : ' for it';
        const declared: RelatedSite[] = s.topic ? [{ uri: s.topic.uri, range: s.topic.decl.nameRange, message: `topic \`${s.subject}\` is declared here` }] : [];
        if (s.publishers.length && !s.subscribers.length) {
            const [first, ...rest] = s.publishers;
            out.push({
                code: CHECK_CODES.orphanTopic, severity: 'warning',
                site: { uri: first.uri, range: first.member.keywordRange },
                message: `${subjectLabel(s)} is published but has no subscriber — the cells go nowhere. Add a \`subscribe\`${forIt}, bind it to a transport, or drop the publish.`,
                related: [...declared, ...rest.map(e => ({ uri: e.uri, range: e.member.range, message: `also published by \`${e.locus}\`` }))],
                data: { subject: s.subject, literal: s.isLiteral, end: 'publish' },
            });
        } else if (!s.publishers.length && s.subscribers.length) {
            const [first, ...rest] = s.subscribers;
            out.push({
                code: CHECK_CODES.orphanTopic, severity: 'warning',
                site: { uri: first.uri, range: first.member.keywordRange },
                message: `${subjectLabel(s)} is subscribed but never published — its handler can't fire. Add a \`publish\`${forIt}, bind it to a transport, or drop the subscription.`,
                related: [...declared, ...rest.map(e => ({ uri: e.uri, range: e.member.range, message: `also subscribed by \`${e.locus}.${e.handler}\`` }))],
                data: { subject: s.subject, literal: s.isLiteral, end: 'subscribe' },
            });
        }
    }
    return out;
}

function sendsTo(model: ProgramModel, topic: string): Array<{ uri: string; range: SendFact['range'] }> {
    const out: Array<{ uri: string; range: SendFact['range'] }> = [];
    for (const l of model.locusList) for (const fn of [...l.decl.methods, ...l.decl.hooks]) for (const send of fn.body.sends) {
        if (send.subject.kind === 'topic' && model.topics.get(send.subject.path)?.decl.name === topic) out.push({ uri: l.uri, range: send.range });
    }
    return out;
}

/** A publish→subscribe→publish edge: `locus` handles `from` with `handler`, which (maybe through helpers) sends `to`. */
interface CycleEdge {
    readonly from: string;
    readonly to: string;
    readonly locus: string;
    readonly handler: string;
    readonly subscription: BusEnd;
    readonly send: SendFact;
    readonly uri: string;
    /** Under an `if`, `match` or loop: a terminating state machine, not unbounded recursion. */
    readonly conditional: boolean;
}

/** Sends reachable from a locus fn through `self` methods and free fns, with whether a condition guards them. */
export function reachableSends(model: ProgramModel, locus: LocusInfo, fn: FnFact): Array<{ send: SendFact; uri: string; conditional: boolean }> {
    const out: Array<{ send: SendFact; uri: string; conditional: boolean }> = [];
    const seen = new Set<string>();
    const walk = (key: string, uri: string, body: FnFact['body'], conditional: boolean) => {
        if (seen.has(key)) return;
        seen.add(key);
        for (const send of body.sends) out.push({ send, uri, conditional: conditional || send.guards > 0 || send.loops.length > 0 });
        for (const edge of model.callsFrom.get(key) ?? []) {
            if (edge.target.kind !== 'fn') continue;
            const node = model.fnNodes.get(edge.target.key);
            if (!node || (node.kind === 'method' && node.locus !== locus.decl.name)) continue;
            walk(node.key, node.uri, node.fn.body, conditional || edge.call.guards > 0 || edge.call.loops.length > 0);
        }
    };
    walk(`${locus.qualifiedName}::${fn.name}`, locus.uri, fn.body, false);
    return out;
}

export function busCycles(model: ProgramModel): ModelDiagnostic[] {
    const edges: CycleEdge[] = [];
    for (const s of model.subjects) {
        for (const sub of s.subscribers) {
            const locus = model.loci.get(sub.locus);
            const handler = sub.handler ? locus?.methods.get(sub.handler) : undefined;
            if (!locus || !handler) continue;
            for (const { send, uri, conditional } of reachableSends(model, locus, handler)) {
                const to = sendSubjectKey(model, sendSubject(locus.decl, send.subject));
                if (to !== undefined) edges.push({ from: s.subject, to, locus: sub.locus, handler: handler.name, subscription: sub, send, uri, conditional });
            }
        }
    }
    return reportCycles(edges);
}

/** At most this many cycles are reported: a dense bus has exponentially many, and a few name the problem. */
const MAX_CYCLES = 50;

/**
 * Elementary cycles of the subject graph (parallel edges merged: one hop per subject pair, carried by its
 * first edge in declaration order), each found once from its smallest subject, as upstream names them. A
 * cycle whose hops all run in one locus is intra-locus: an error when every hop has an unconditional edge
 * of that locus; otherwise a cycle across loci is a warning.
 */
function reportCycles(edges: CycleEdge[]): ModelDiagnostic[] {
    const hops = new Map<string, Map<string, CycleEdge[]>>();
    for (const e of edges) {
        const from = hops.get(e.from) ?? new Map<string, CycleEdge[]>();
        hops.set(e.from, from);
        const list = from.get(e.to) ?? [];
        from.set(e.to, list);
        list.push(e);
    }
    const out: ModelDiagnostic[] = [];
    let found = 0;
    let budget = 200_000; // DFS steps: bounded whatever the graph's shape
    const nodes = [...hops.keys()].sort();
    for (const start of nodes) {
        const path: string[] = [start];
        const onPath = new Set<string>([start]);
        const dfs = (n: string) => {
            for (const to of [...(hops.get(n)?.keys() ?? [])].sort()) {
                if (found >= MAX_CYCLES || --budget < 0) return;
                if (to < start) continue;
                if (to === start) { found++; report(path, hops, out); continue; }
                if (onPath.has(to)) continue;
                onPath.add(to); path.push(to);
                dfs(to);
                path.pop(); onPath.delete(to);
            }
        };
        dfs(start);
    }
    return out;
}

function report(path: readonly string[], hops: Map<string, Map<string, CycleEdge[]>>, out: ModelDiagnostic[]): void {
    const hopEdges = path.map((from, i) => hops.get(from)!.get(path[(i + 1) % path.length])!);
    const cycle = hopEdges.map(list => list[0]);
    const text = [...path, path[0]].join(' → ');
    const loci = [...new Set(cycle.map(e => e.locus))];
    const related = (chain: CycleEdge[]): RelatedSite[] => chain.flatMap(e => [
        { uri: e.subscription.uri, range: e.subscription.member.range, message: `\`${e.locus}\` handles \`${e.from}\` with \`${e.handler}\`` },
        { uri: e.uri, range: e.send.range, message: `\`${e.locus}.${e.handler}\` publishes \`${e.to}\`` },
    ]);
    if (loci.length === 1) {
        // Intra-locus self-dispatch recurses only through unconditional sends.
        const unconditional = hopEdges.map(list => list.find(e => e.locus === loci[0] && !e.conditional));
        if (unconditional.some(e => !e)) return;
        const chain = unconditional as CycleEdge[];
        out.push({
            code: CHECK_CODES.cycle, severity: 'error', site: { uri: chain[0].uri, range: chain[0].send.range },
            message: `locus \`${loci[0]}\` has a re-entrant synchronous bus cycle \`${text}\`: each publish onto a topic the locus also subscribes is a direct in-thread call (intra-locus self-dispatch), so this recurses without bound and overflows the stack. Break the cycle, or route one hop through a different pool (an async enqueue).`,
            related: related(chain), data: { cycle: [...path], loci },
        });
        return;
    }
    out.push({
        code: CHECK_CODES.cycle, severity: 'warning', site: { uri: cycle[0].uri, range: cycle[0].send.range },
        message: `bus cycle \`${text}\` across loci (${[...loci].sort().join(', ')}): a cell can re-trigger its own publish, spinning the cooperative queue. Break the loop or add a terminating condition.`,
        related: related(cycle), data: { cycle: [...path], loci },
    });
}

function sendSubjectKey(model: ProgramModel, s: SendFact['subject']): string | undefined {
    if (s.kind === 'literal') return s.value;
    if (s.kind === 'topic') return model.topics.get(s.path)?.decl.name ?? lastSegment(s.path);
    return undefined;
}

export function unthrottledPublish(model: ProgramModel): ModelDiagnostic[] {
    const out: ModelDiagnostic[] = [];
    for (const locus of model.locusList) {
        for (const fn of [...locus.decl.methods, ...locus.decl.hooks]) {
            for (const loop of fn.body.loops) {
                if (!loop.forever) continue;
                const inLoop = (x: { loops: readonly number[] }) => x.loops.includes(loop.id);
                const sends = fn.body.sends.filter(inLoop);
                if (!sends.length) continue;
                if (fn.body.flows.some(f => inLoop(f) && f.kind !== 'continue')) continue;
                const paced = fn.body.calls.some(c => inLoop(c) && pacingCall(model, locus, c.callee));
                if (paced) continue;
                out.push({
                    code: CHECK_CODES.unthrottledPublish, severity: 'warning', site: { uri: locus.uri, range: loop.keywordRange },
                    message: `locus \`${locus.decl.name}\` publishes to the bus inside an unbounded \`while true\` loop with no flow control — no \`yield\`, \`time::sleep\`/\`tick\`, input-pacing \`recv\`, or \`break\`/\`return\`. The producer has no backpressure, so cells pile up in the queue (and the payload arena) without bound. Pace the loop (a \`time::sleep\`/\`tick\`), drive it from an input (a blocking \`recv\` so the publish rate follows the input rate), or \`yield\` to let a co-scheduled subscriber drain.`,
                    related: sends.map(s => ({ uri: locus.uri, range: s.range, message: 'the unpaced publish' })),
                    data: { locus: locus.decl.name, loop: loop.range },
                });
            }
        }
    }
    return out;
}

/** A call that paces a loop: a sleep/tick/receive, or a helper (free fn or self method) that makes one. */
function pacingCall(model: ProgramModel, locus: LocusInfo, callee: FnFact['body']['calls'][number]['callee'], depth = 0): boolean {
    const name = callee.kind === 'path' ? lastSegment(callee.path) : callee.kind === 'other' ? '' : callee.method;
    if (isPacingCall(name)) return true;
    if (depth > 8) return false;
    let key: string | undefined;
    if (callee.kind === 'self') key = `${locus.qualifiedName}::${callee.method}`;
    else if (callee.kind === 'path' && model.fnNodes.has(`fn:${callee.path}`)) key = `fn:${callee.path}`;
    const node = key ? model.fnNodes.get(key) : undefined;
    if (!node) return false;
    return node.fn.body.flows.some(f => f.kind === 'yield') || node.fn.body.calls.some(c => pacingCall(model, locus, c.callee, depth + 1));
}

export function payloadMismatch(model: ProgramModel): ModelDiagnostic[] {
    const out: ModelDiagnostic[] = [];
    const order = new Map(model.locusList.map((l, i) => [l.decl.name, i]));
    for (const s of model.subjects) {
        if (!s.isLiteral || s.subject.includes('*')) continue;
        const typed = [...s.publishers, ...s.subscribers].filter(e => e.member.payloadType);
        if (typed.length < 2) continue;
        const sites = orderedEnds(order, typed);
        if (sites.length < 2) continue;
        const [first] = sites;
        const firstType = normalize(first.member.payloadType!.text);
        for (const e of sites.slice(1)) {
            const t = normalize(e.member.payloadType!.text);
            if (t === firstType) continue;
            out.push({
                code: CHECK_CODES.payloadMismatch, severity: 'error', site: { uri: e.uri, range: e.member.keywordRange },
                message: `bus subject \`"${s.subject}"\` is used with conflicting payload types: \`${t}\` here vs \`${firstType}\` at another site. Every publish/subscribe on the same subject must carry the same payload type — a mismatch decodes the wire bytes as the wrong type at runtime. Declare a \`topic\` to fix the type in one place, or align the \`of type\` annotations.`,
                related: [{ uri: first.uri, range: first.member.range, message: `\`${first.locus}\` ${first.member.kind}es it \`of type ${firstType}\`` }],
                data: { subject: s.subject, expected: firstType, actual: t },
            });
        }
    }
    return out;
}

/** Ends in declaration order (loci in file order, members in source order). */
function orderedEnds(order: ReadonlyMap<string, number>, ends: BusEnd[]): BusEnd[] {
    const pos = (e: BusEnd) => e.member.range.start.line * 1e6 + e.member.range.start.character;
    return ends.sort((a, b) => (order.get(a.locus)! - order.get(b.locus)!) || (pos(a) - pos(b)));
}

function normalize(type: string): string {
    return type.replace(/\s+/g, '');
}
