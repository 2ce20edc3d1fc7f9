/**
 * Name resolution and placement-block diagnostics (CHECKS.md §8). Each reports only what is certain from
 * the program alone: names reached through an import alias or `std::` are never reported unknown, and a
 * diagnostic is dropped rather than guessed when the program does not say enough.
 */
import type { Affinity, BindingFact, BodyFacts, FileFacts, LocusFact, Site } from '../facts.js';
import { RESOLUTION_CODES as R, type ModelDiagnostic } from '../diagnostics.js';
import { PRIMITIVE_TYPES, lastSegment, sendSubject, type ProgramModel } from '../program-model.js';
import { wildcardCovers } from './bus-checks.js';

/** Types every program has without declaring them (std's error and result types). */
const BUILTIN_TYPES = new Set(['IoError', 'IndexError', 'ParseError', 'KeyError', 'EmptyError', 'CryptoError', 'HttpError',
    'ProcessOutput', 'Option', 'Result', 'ClosureViolation', 'Child']);

function error(code: ModelDiagnostic['code'], site: Site, message: string, data?: Record<string, unknown>): ModelDiagnostic {
    return { code, severity: 'error', site, message, related: [], data };
}

export function resolutionChecks(model: ProgramModel): ModelDiagnostic[] {
    const out: ModelDiagnostic[] = [];
    for (const file of model.files) {
        for (const d of file.decls) {
            if (d.kind === 'locus') checkLocus(model, file, d, out);
            else if (d.kind === 'fnDecl') for (const send of d.body.sends)
                out.push(error(R.sendOutsideLocus, { uri: file.uri, range: send.range }, 'bus send (`<-`) only valid inside a locus body'));
        }
        checkLiterals(model, file, out);
    }
    checkTopics(model, out);
    checkMain(model, out);
    return out;
}

function checkLocus(model: ProgramModel, file: FileFacts, locus: LocusFact, out: ModelDiagnostic[]): void {
    const uri = file.uri;
    for (const m of locus.bus) {
        const s = m.subject;
        if (s.kind === 'topic' && !s.path.includes('::') && !model.topics.has(s.path)) {
            out.push(error(R.unknownTopic, { uri, range: s.range },
                `${m.kind} references unknown topic \`${s.path}\` (no \`topic ${s.path}\` declaration in scope)`, { topic: s.path }));
        }
    }
    for (const s of locus.serves) {
        if (!s.name.includes('::') && !model.perspectives.has(s.name)) {
            out.push(error(R.unknownPerspective, { uri, range: s.range }, `locus \`${locus.name}\` serves unknown perspective \`${s.name}\``));
        }
    }
    const wildcardPublish = locus.bus.some(m => m.kind === 'publish' && m.subject.kind === 'literal' && m.subject.value.includes('*'));
    for (const fn of [...locus.methods, ...locus.hooks]) {
        for (const send of fn.body.sends) {
            const s = sendSubject(locus, send.subject);
            if (s.kind === 'computed' || (s.kind === 'topic' && !s.path.includes('::') && !model.topics.has(s.path))) {
                // An expression (or a name no topic declares) is a computed subject: only a wildcard publish covers it.
                if (!wildcardPublish) out.push(error(R.computedSubject, { uri, range: send.range },
                    `bus send with computed subject requires a wildcard \`publish\` declaration (e.g. \`publish "log.**" of type T\`) in locus \`${locus.name}\``));
                continue;
            }
            if (s.kind === 'topic' && s.path.includes('::') && !model.topics.has(s.path)) continue; // another seed's topic
            const key = s.kind === 'literal' ? s.value : model.topics.get(s.path)!.decl.name;
            // A wildcard publish covers a topic through its wire subject too (`app.**` covers `app.settled`).
            const wire = s.kind === 'topic' ? wireSubject(model, key) : undefined;
            const declared = locus.bus.some(m => m.kind === 'publish' && (
                m.subject.kind === 'literal' ? m.subject.value === key || wildcardCovers(m.subject.value, key) || (wire !== undefined && wildcardCovers(m.subject.value, wire))
                    : m.subject.kind === 'topic' && lastSegment(m.subject.path) === key));
            if (!declared) out.push(error(R.undeclaredSubject, { uri, range: send.range },
                `bus send subject \`${key}\` is not declared in locus \`${locus.name}\`'s bus block`, { subject: key, locus: locus.name, literal: s.kind === 'literal' }));
        }
    }
}

/** `Name { ... }` naming nothing the program declares. Param defaults are not checked (upstream does not). */
function checkLiterals(model: ProgramModel, file: FileFacts, out: ModelDiagnostic[]): void {
    const known = (name: string): boolean => {
        if (name.includes('::')) return true; // std:: and alias:: paths: another catalogue
        if (model.types.has(name) || model.loci.has(name) || model.perspectives.has(name) || model.topics.has(name) || model.others.has(name)) return true;
        if (PRIMITIVE_TYPES.has(name) || BUILTIN_TYPES.has(name)) return true;
        // `Box_Int` is how upstream names an instance of a generic `Box<T>`.
        const head = name.split('_')[0];
        return name.includes('_') && (model.types.has(head) || model.loci.has(head));
    };
    const check = (body: BodyFacts) => {
        for (const lit of body.literals) if (!known(lit.type))
            out.push(error(R.unknownType, { uri: file.uri, range: lit.typeRange }, `unknown type \`${lit.type}\` in struct/locus literal`, { type: lit.type }));
    };
    for (const d of file.decls) {
        if (d.kind === 'locus') for (const fn of [...d.methods, ...d.hooks]) check(fn.body);
        else if (d.kind === 'fnDecl') check(d.body);
    }
}

function checkTopics(model: ProgramModel, out: ModelDiagnostic[]): void {
    const byWire = new Map<string, string[]>();
    const inReportedCycle = new Set<string>();
    for (const [name, t] of model.topics) {
        if (name !== t.decl.name) continue;
        const d = t.decl;
        if (d.parent && !d.parent.includes('::')) {
            if (!model.topics.has(d.parent)) {
                out.push(error(R.topicParent, { uri: t.uri, range: d.range }, `topic \`${name}\` declares unknown parent topic \`${d.parent}\``));
            } else if (!inReportedCycle.has(name)) {
                // A cycle is reported once, at its first topic in declaration order.
                const chain = [name];
                let p: string | undefined = d.parent;
                while (p && model.topics.has(p) && !chain.includes(p)) { chain.push(p); p = model.topics.get(p)!.decl.parent; }
                if (p === name) {
                    chain.forEach(c => inReportedCycle.add(c));
                    out.push(error(R.topicParent, { uri: t.uri, range: d.range }, `topic \`${name}\` parent chain forms a cycle`));
                }
            }
        }
        const wire = wireSubject(model, name);
        if (wire !== undefined) byWire.set(wire, [...(byWire.get(wire) ?? []), name]);
    }
    for (const [wire, names] of byWire) {
        if (names.length < 2) continue;
        for (const name of names) {
            const t = model.topics.get(name)!;
            out.push(error(R.sharedWireSubject, { uri: t.uri, range: t.decl.range }, `topic \`${name}\` shares wire subject \`${wire}\` with: ${names.filter(n => n !== name).join(', ')}`));
        }
    }
}

/** The dot-joined chain of `subject:` segments root to leaf (a segment defaults to the topic's name). */
function wireSubject(model: ProgramModel, name: string): string | undefined {
    const parts: string[] = [];
    const seen = new Set<string>();
    let t = model.topics.get(name);
    while (t) {
        if (seen.has(t.decl.name)) return undefined;
        seen.add(t.decl.name);
        parts.unshift(t.decl.subject ?? t.decl.name);
        if (!t.decl.parent) break;
        t = model.topics.get(t.decl.parent);
        if (!t) return undefined;
    }
    return parts.join('.');
}

function checkMain(model: ProgramModel, out: ModelDiagnostic[]): void {
    if (model.mainLoci.length > 1) for (const m of model.mainLoci)
        out.push(error(R.multipleMain, { uri: m.uri, range: m.decl.keywordRange }, `more than one \`main\` locus declared (\`${m.decl.name}\` is one of ${model.mainLoci.length})`));
    for (const main of model.mainLoci) {
        const uri = main.uri;
        const d = main.decl;
        const seen = new Set<string>();
        for (const e of d.placement) {
            const site = { uri, range: e.range };
            if (seen.has(e.field)) out.push(error(R.duplicateField, { uri, range: e.range }, `placement entry: duplicate field \`${e.field}\` (each field may have at most one placement spec)`));
            seen.add(e.field);
            const param = d.params.find(p => p.name === e.field);
            if (!param) {
                const near = closest(e.field, d.params.map(p => p.name));
                out.push(error(R.unknownField, { uri, range: e.fieldRange },
                    `placement entry \`${e.field}\`: \`${d.name}\` has no params field \`${e.field}\`${near ? ` (did you mean \`${near}\`?)` : ''}. Placement keys name the main locus's params fields (the instances to place), not locus types.`,
                    { field: e.field, params: d.params.map(p => p.name), suggestion: near }));
            } else if (param.type?.name && !param.type.args.length && (PRIMITIVE_TYPES.has(param.type.name) || model.types.has(param.type.name)) && !model.loci.has(param.type.name)) {
                out.push(error(R.notALocus, site, `placement entry: field \`${e.field}\` has type \`${param.type.name}\` which is not a locus type; placement applies only to locus instances`));
            }
            if (e.kind === 'cooperative' && e.asyncIo && (e.pool ?? 'main') === 'main') {
                out.push(error(R.asyncIoOnMain, { uri, range: e.asyncIoRange ?? e.range },
                    `placement entry \`${e.field}\`: \`where async_io\` is not valid on pool \`main\`. The main pool runs inline on the binary's primary thread, with no dedicated worker thread to integrate epoll into. Move the field to a named cooperative pool (e.g. \`cooperative(pool = io) where async_io\`).`));
            }
            if (e.kind === 'cooperative' && e.affinity && (e.pool ?? 'main') === 'main') {
                out.push(error(R.poolAffinityOnMain, site,
                    `cooperative affinity needs a named pool (\`cooperative(pool = X, cores = ...)\`) — the main pool is the program's main thread, whose affinity belongs to the process, not to one placement entry.`));
            }
            if (e.affinity) checkAffinity(d, e.field, e.affinity, site, out);
        }
        for (const b of d.bindings) checkBinding(model, main.uri, b, out);
    }
}

function checkBinding(model: ProgramModel, uri: string, b: BindingFact, out: ModelDiagnostic[]): void {
    if (b.topic.includes('::')) return; // another seed's topic
    if (!model.topics.has(b.topic)) out.push(error(R.unknownTopic, { uri, range: b.topicRange }, `binding references unknown topic \`${b.topic}\``, { topic: b.topic }));
    if (b.transport === 'unix' && !b.role) {
        // The role (listen/connect) is inferred from which end this program holds.
        const s = model.subjectIndex.get(model.topics.get(b.topic)?.decl.name ?? b.topic);
        const pub = !!s?.publishers.length, sub = !!s?.subscribers.length;
        if (!pub && !sub) out.push(error(R.unroutedBinding, { uri, range: b.topicRange }, `binding for topic \`${b.topic}\` has no publisher or subscriber in the bundle; nothing to route. Add a \`bus { publish | subscribe }\` or remove the binding`));
        else if (pub && sub) out.push(error(R.unroutedBinding, { uri, range: b.topicRange }, `binding for topic \`${b.topic}\` is ambiguous: some locus publishes it AND some locus subscribes to it; specify \`role:\` (e.g. \`unix("/path", role: listen)\`)`));
    }
    const locusRef = (name: string | undefined, range: BindingFact['topicRange'] | undefined, what: 'adapter' | 'codec') => {
        if (!name || !range || name.includes('::')) return;
        if (model.loci.has(name)) {
            if (what === 'adapter' && !model.loci.get(name)!.methods.has('send'))
                out.push(error(R.unknownLocus, { uri, range }, `adapter binding for topic \`${b.topic}\`: locus \`${name}\` does not satisfy \`std::bus::Adapter\`: missing method \`send\``));
        } else if (model.types.has(name)) {
            if (what === 'adapter') out.push(error(R.unknownLocus, { uri, range }, `adapter binding for topic \`${b.topic}\`: \`${name}\` is not a locus — adapter transport spec must name a locus that satisfies \`std::bus::Adapter\``));
        } else out.push(error(R.unknownLocus, { uri, range }, `${what} binding for topic \`${b.topic}\`: unknown locus \`${name}\``));
    };
    locusRef(b.adapter, b.adapterRange, 'adapter');
    if (model.topics.has(b.topic)) locusRef(b.codec, b.codecRange, 'codec'); // a codec's type follows its topic's payload
}

function checkAffinity(main: LocusFact, field: string, a: Affinity, site: Site, out: ModelDiagnostic[]): void {
    if (a.kind === 'cores-range' && (a.inclusive ? a.hi < a.lo : a.hi <= a.lo)) {
        const op = a.inclusive ? '..=' : '..';
        out.push(error(R.emptyCoreSet, site, `placement entry \`${field}\`: \`cores = ${a.lo}${op}${a.hi}\` selects no cores — the range is empty. (\`A..B\` excludes B; use \`A..=B\` to include it.)`));
    }
    if (a.kind === 'node') {
        if (!main.topology) out.push(error(R.unknownDomain, site, `placement entry \`${field}\`: \`pinned(node = ${a.node})\` needs a \`topology { }\` block to resolve the node to its cores — none is declared on \`${main.name}\``));
        else if (!main.topology.nodes.some(n => n.id === a.node)) out.push(error(R.unknownDomain, site, `placement entry \`${field}\`: \`pinned(node = ${a.node})\` references NUMA node \`${a.node}\`, which the \`topology { }\` block does not declare`));
    }
    if (a.kind === 'l3' && main.topology && !main.topology.nodes.some(n => n.l3.some(l => l.name === a.name))) {
        out.push(error(R.unknownDomain, site, `placement entry \`${field}\`: \`pinned(l3 = ${a.name})\` references cache domain \`${a.name}\`, which the \`topology { }\` block does not declare`));
    }
}

/** The candidate within edit distance 2 of `name` (the closest, first on ties), for "did you mean". */
function closest(name: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined, bestDistance = 3;
    for (const c of candidates) {
        const d = editDistance(name, c);
        if (d < bestDistance) { best = c; bestDistance = d; }
    }
    return best;
}

function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let previous = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const current = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
            previous = current;
        }
    }
    return row[b.length];
}
