/**
 * The program model: one immutable snapshot of a Hale program (a folder of `.hl` files), built from the
 * files' facts in one pass and read by every feature — diagnostics, `hale/busGraph`, `hale/placement`,
 * hovers, navigation. See README.md for the design and CHECKS.md for the checks run over it.
 */
import type {
    BindingFact, BusMemberFact, DeclFact, FileFacts, FnFact, FreeFnFact, LocusFact, ParamFact, PerspectiveFact,
    PlacementEntryFact, SendFact, Site, TopicFact, TypeFact, TypeRef, OtherDeclFact, CallFact,
} from './facts.js';
import { DEFAULT_PLACEMENT, busPlacementText, entryPlacement, type Placement } from './placement.js';
import { isStdPath, mangleStdType } from './std.js';

export interface Declared<D extends DeclFact> {
    readonly decl: D;
    readonly uri: string;
    /** `module::Name` for declarations inside modules, else the bare name. */
    readonly qualifiedName: string;
}

export interface LocusInfo extends Declared<LocusFact> {
    readonly methods: ReadonlyMap<string, FnFact>;
    readonly hooks: ReadonlyMap<string, FnFact>;
    /** `run()`, the hook the placement checks look at. */
    readonly run?: FnFact;
}

/** A function of the call graph: a free fn or a locus's method or lifecycle hook. */
export type FnNode =
    | { readonly kind: 'free'; readonly key: string; readonly name: string; readonly uri: string; readonly fn: FreeFnFact }
    | { readonly kind: 'method'; readonly key: string; readonly locus: string; readonly name: string; readonly uri: string; readonly fn: FnFact };

/** One call of the call graph. Calls through handles (`x.m()`) and fn pointers are kept unresolved. */
export interface CallEdge {
    readonly from: string;
    readonly call: CallFact;
    readonly uri: string;
    /** What the callee resolved to. */
    readonly target:
        | { readonly kind: 'fn'; readonly key: string }
        /** `self.field.method()` into another locus (the field's locus type). */
        | { readonly kind: 'field'; readonly field: string; readonly locus?: string; readonly key?: string }
        | { readonly kind: 'std'; readonly path: string }
        | { readonly kind: 'unresolved' };
}

/** A locus instance: the main locus, its params fields, and the loci nested below them. */
export interface LocusInstance {
    readonly id: number;
    /** The locus type's name. */
    readonly locus: string;
    readonly info?: LocusInfo;
    /** The params field holding it in its parent (undefined for the main locus and body-created loci). */
    readonly field?: string;
    /** The main-locus field at the top of its branch: whose placement entry governs it. */
    readonly topField?: string;
    readonly parent?: LocusInstance;
    readonly children: LocusInstance[];
    readonly placement: Placement;
    /** Placed by an entry of the main's `placement { }` block (false: the default or inherited). */
    readonly explicit: boolean;
    /** The placement entry that governs it (its own or its top field's). */
    readonly entry?: Site;
    /** Where it is created: the params field or the literal. */
    readonly site: Site;
    readonly depth: number;
}

/** One row of `hale/placement`: a params field of the main locus. */
export interface PlacementField {
    readonly field: string;
    /** The field's declared type as upstream prints it (`Gateway`, `std::io::tcp::Listener`, `…`). */
    readonly locus: string;
    readonly placement: Placement;
    readonly explicit: boolean;
    readonly fieldSite: Site;
    readonly entry?: PlacementEntryFact;
    readonly entrySite?: Site;
}

/** One end of a bus subject: a locus's `publish` or `subscribe` member. */
export interface BusEnd {
    readonly locus: string;
    readonly member: BusMemberFact;
    readonly uri: string;
    /** The payload type as upstream prints it (`Order`, `Box_Int`, `__StdLogEvent`, `?`). */
    readonly payload: string;
    readonly handler?: string;
    /** For subscribers: `SameThread`, `Pinned`, `CrossPool("io")`. */
    readonly placement?: string;
    readonly site: Site;
}

export interface BusSubjectInfo {
    /** The key upstream groups by: a topic's name (the last segment of `alias::Topic`) or the literal. */
    readonly subject: string;
    /** True for literal subjects and for names that no `topic` declares. */
    readonly isLiteral: boolean;
    readonly topic?: Declared<TopicFact>;
    /** Reached through `alias::Topic`: the other seed owns the other half. */
    readonly crossSeed: boolean;
    readonly publishers: BusEnd[];
    readonly subscribers: BusEnd[];
    /** Every `<-` send to it: the locus (or free fn) sending and the site. */
    readonly sends: Array<{ readonly locus?: string; readonly fn: string; readonly send: SendFact; readonly uri: string }>;
    readonly bindings: Array<{ readonly binding: BindingFact; readonly uri: string }>;
}

export interface ProgramModel {
    /** The folder (or, for a document outside any folder, its URI). */
    readonly program: string;
    /** Increases with every build of this program. */
    readonly version: number;
    readonly files: readonly FileFacts[];
    readonly hasSyntaxErrors: boolean;
    readonly loci: ReadonlyMap<string, LocusInfo>;
    /** Loci in declaration order (files sorted by URI). */
    readonly locusList: readonly LocusInfo[];
    readonly topics: ReadonlyMap<string, Declared<TopicFact>>;
    readonly types: ReadonlyMap<string, Declared<TypeFact>>;
    readonly fns: ReadonlyMap<string, Declared<FreeFnFact>>;
    readonly perspectives: ReadonlyMap<string, Declared<PerspectiveFact>>;
    readonly others: ReadonlyMap<string, Declared<OtherDeclFact>>;
    /** Import aliases (`import "../lib" as t;`): names reached as `t::Name` belong to another seed. */
    readonly aliases: ReadonlyMap<string, { readonly path: string; readonly site: Site }>;
    readonly mainLocus?: LocusInfo;
    /** Every main locus, for the "more than one main" check. */
    readonly mainLoci: readonly LocusInfo[];
    /** A `fn main` exists (upstream's closed world for dispatch planning). */
    readonly hasFnMain: boolean;
    readonly placementFields: readonly PlacementField[];
    readonly instances: readonly LocusInstance[];
    readonly fnNodes: ReadonlyMap<string, FnNode>;
    readonly calls: readonly CallEdge[];
    readonly callsFrom: ReadonlyMap<string, readonly CallEdge[]>;
    readonly subjects: readonly BusSubjectInfo[];
    readonly subjectIndex: ReadonlyMap<string, BusSubjectInfo>;
    /** Declaration and use sites by symbol (`topic:Orders`, `locus:Gateway`, `fn:pump`, `method:Gateway::pull`, `field:App::gw`, `type:Order`). */
    readonly references: ReadonlyMap<string, readonly SymbolSite[]>;
}

export interface SymbolSite extends Site {
    readonly role: 'declaration' | 'use';
}

export const PRIMITIVE_TYPES = new Set(['Int', 'Uint', 'Float', 'Decimal', 'String', 'Bool', 'Time', 'Duration', 'Bytes',
    'BytesView', 'StringView', 'BytesMut', 'Unit', 'Char']);

/**
 * What a send in `locus` addresses: a `publish T as name` alias stands for its subject; otherwise the
 * subject as written (a topic path, a literal, or a computed expression).
 */
export function sendSubject(locus: LocusFact | undefined, subject: SendFact['subject']): SendFact['subject'] {
    if (locus && subject.kind === 'topic' && !subject.path.includes('::')) {
        const aliased = locus.bus.find(m => m.kind === 'publish' && m.alias === subject.path);
        if (aliased) return { ...aliased.subject, range: subject.range };
    }
    return subject;
}

export function lastSegment(path: string): string {
    const i = path.lastIndexOf('::');
    return i < 0 ? path : path.slice(i + 2);
}

/** Builds the model of one program from its files' facts. Pure: same facts, same model. */
export function buildProgramModel(program: string, files: readonly FileFacts[], version = 0): ProgramModel {
    const sorted = [...files].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    const loci = new Map<string, LocusInfo>();
    const locusList: LocusInfo[] = [];
    const topics = new Map<string, Declared<TopicFact>>();
    const types = new Map<string, Declared<TypeFact>>();
    const fns = new Map<string, Declared<FreeFnFact>>();
    const perspectives = new Map<string, Declared<PerspectiveFact>>();
    const others = new Map<string, Declared<OtherDeclFact>>();
    const aliases = new Map<string, { path: string; site: Site }>();
    const references = new Map<string, SymbolSite[]>();
    const ref = (key: string, uri: string, range: Site['range'], role: SymbolSite['role'] = 'use') => {
        let list = references.get(key);
        if (!list) references.set(key, list = []);
        list.push({ uri, range, role });
    };
    const mainLoci: LocusInfo[] = [];
    let hasFnMain = false;

    for (const f of sorted) {
        for (const im of f.imports) if (!aliases.has(im.alias)) aliases.set(im.alias, { path: im.path, site: { uri: f.uri, range: im.aliasRange } });
        for (const d of f.decls) {
            const qualifiedName = [...d.modules, d.name].join('::');
            const add = <D extends DeclFact>(map: Map<string, Declared<D>>, decl: D) => {
                const entry = { decl, uri: f.uri, qualifiedName };
                if (!map.has(d.name)) map.set(d.name, entry);
                if (d.modules.length && !map.has(qualifiedName)) map.set(qualifiedName, entry);
                return entry;
            };
            switch (d.kind) {
                case 'locus': {
                    const info: LocusInfo = {
                        decl: d, uri: f.uri, qualifiedName,
                        methods: new Map(d.methods.map(m => [m.name, m])),
                        hooks: new Map(d.hooks.map(h => [h.name, h])),
                        run: d.hooks.find(h => h.name === 'run'),
                    };
                    if (!loci.has(d.name)) loci.set(d.name, info);
                    if (d.modules.length && !loci.has(qualifiedName)) loci.set(qualifiedName, info);
                    locusList.push(info);
                    if (d.isMain) mainLoci.push(info);
                    ref(`locus:${d.name}`, f.uri, d.nameRange, 'declaration');
                    break;
                }
                case 'topic': add(topics, d); ref(`topic:${d.name}`, f.uri, d.nameRange, 'declaration'); break;
                case 'type': add(types, d); ref(`type:${d.name}`, f.uri, d.nameRange, 'declaration'); break;
                case 'fnDecl': add(fns, d); ref(`fn:${qualifiedName}`, f.uri, d.nameRange, 'declaration'); if (d.name === 'main' && !d.modules.length) hasFnMain = true; break;
                case 'perspective': add(perspectives, d); break;
                default: add(others, d);
            }
        }
    }
    const mainLocus = mainLoci[0];
    const isLocusType = (t: string | undefined) => t !== undefined && loci.has(t);

    // ---- placement of the main locus's fields (hale/placement)
    const placementFields: PlacementField[] = [];
    if (mainLocus) {
        for (const p of mainLocus.decl.params) {
            // Upstream keeps the last entry of a duplicated field (and reports the duplicate).
            let entry: PlacementEntryFact | undefined;
            for (const e of mainLocus.decl.placement) if (e.field === p.name) entry = e;
            placementFields.push({
                field: p.name,
                locus: fieldTypeText(p),
                placement: entry ? entryPlacement(entry) : DEFAULT_PLACEMENT,
                explicit: entry !== undefined,
                fieldSite: { uri: mainLocus.uri, range: p.nameRange },
                entry, entrySite: entry ? { uri: mainLocus.uri, range: entry.range } : undefined,
            });
        }
    }

    // ---- locus instances: main, its fields, and nested loci (params of locus type, loci made in bodies)
    const instances: LocusInstance[] = [];
    let nextId = 0;
    const paramLocus = (p: ParamFact): string | undefined => {
        if (isLocusType(p.defaultLiteral)) return p.defaultLiteral;
        if (isLocusType(p.type?.name)) return p.type!.name;
        return undefined;
    };
    const addChildren = (inst: LocusInstance, seen: Set<string>) => {
        const info = inst.info;
        if (!info || seen.has(info.qualifiedName) || inst.depth > 32) return; // recursive locus types
        const next = new Set(seen).add(info.qualifiedName);
        for (const p of info.decl.params) {
            const t = paramLocus(p);
            if (!t) continue;
            const child: LocusInstance = {
                id: nextId++, locus: loci.get(t)!.decl.name, info: loci.get(t), field: p.name, topField: inst.topField, parent: inst, children: [],
                placement: inst.placement, explicit: false, entry: inst.entry, site: { uri: info.uri, range: p.nameRange }, depth: inst.depth + 1,
            };
            inst.children.push(child); instances.push(child);
            addChildren(child, next);
        }
        const made = new Set<string>();
        for (const fn of [...info.decl.methods, ...info.decl.hooks]) {
            for (const lit of fn.body.literals) {
                const target = loci.get(lit.type);
                if (!target || target.decl.isMain || made.has(lit.type)) continue;
                made.add(lit.type);
                const child: LocusInstance = {
                    id: nextId++, locus: target.decl.name, info: target, topField: inst.topField, parent: inst, children: [],
                    placement: inst.placement, explicit: false, entry: inst.entry, site: { uri: info.uri, range: lit.typeRange }, depth: inst.depth + 1,
                };
                inst.children.push(child); instances.push(child);
                addChildren(child, next);
            }
        }
    };
    if (mainLocus) {
        const root: LocusInstance = {
            id: nextId++, locus: mainLocus.decl.name, info: mainLocus, children: [], placement: DEFAULT_PLACEMENT, explicit: false,
            site: { uri: mainLocus.uri, range: mainLocus.decl.nameRange }, depth: 0,
        };
        instances.push(root);
        const seen = new Set([mainLocus.qualifiedName]);
        for (const pf of placementFields) {
            const p = mainLocus.decl.params.find(x => x.name === pf.field)!;
            const t = paramLocus(p);
            if (!t) continue;
            const inst: LocusInstance = {
                id: nextId++, locus: loci.get(t)!.decl.name, info: loci.get(t), field: pf.field, topField: pf.field, parent: root, children: [],
                placement: pf.placement, explicit: pf.explicit, entry: pf.entrySite, site: pf.fieldSite, depth: 1,
            };
            root.children.push(inst); instances.push(inst);
            addChildren(inst, seen);
        }
        // Loci the main locus makes in its own bodies run on its pool (main).
        const made = new Set<string>();
        for (const fn of [...mainLocus.decl.methods, ...mainLocus.decl.hooks]) for (const lit of fn.body.literals) {
            const target = loci.get(lit.type);
            if (!target || target === mainLocus || made.has(lit.type)) continue;
            made.add(lit.type);
            const inst: LocusInstance = {
                id: nextId++, locus: target.decl.name, info: target, parent: root, children: [], placement: DEFAULT_PLACEMENT, explicit: false,
                site: { uri: mainLocus.uri, range: lit.typeRange }, depth: 1,
            };
            root.children.push(inst); instances.push(inst);
            addChildren(inst, seen);
        }
    } else {
        // Library code or a `fn main` that makes loci directly: each top-level locus made in a free fn
        // runs on the main pool.
        const made = new Set<string>();
        for (const [, f] of fns) for (const lit of f.decl.body.literals) {
            const target = loci.get(lit.type);
            if (!target || made.has(target.qualifiedName)) continue;
            made.add(target.qualifiedName);
            const inst: LocusInstance = {
                id: nextId++, locus: target.decl.name, info: target, children: [], placement: DEFAULT_PLACEMENT, explicit: false,
                site: { uri: f.uri, range: lit.typeRange }, depth: 1,
            };
            instances.push(inst);
            addChildren(inst, new Set());
        }
    }

    // ---- call graph
    const fnNodes = new Map<string, FnNode>();
    for (const [name, f] of fns) if (name === f.qualifiedName) fnNodes.set(`fn:${name}`, { kind: 'free', key: `fn:${name}`, name, uri: f.uri, fn: f.decl });
    for (const l of locusList) {
        for (const fn of [...l.decl.methods, ...l.decl.hooks]) {
            const key = `${l.qualifiedName}::${fn.name}`;
            if (!fnNodes.has(key)) fnNodes.set(key, { kind: 'method', key, locus: l.decl.name, name: fn.name, uri: l.uri, fn });
        }
    }
    const calls: CallEdge[] = [];
    const callsFrom = new Map<string, CallEdge[]>();
    const fieldLocus = (owner: LocusInfo, field: string): LocusInfo | undefined => {
        const p = owner.decl.params.find(x => x.name === field);
        const t = p ? paramLocus(p) : undefined;
        return t ? loci.get(t) : undefined;
    };
    for (const node of fnNodes.values()) {
        const owner = node.kind === 'method' ? loci.get(node.locus) : undefined;
        const modules = node.kind === 'free' ? node.fn.modules : owner?.decl.modules ?? [];
        const list: CallEdge[] = [];
        for (const call of node.fn.body.calls) {
            const c = call.callee;
            let target: CallEdge['target'] = { kind: 'unresolved' };
            if (c.kind === 'path') {
                if (isStdPath(c.path)) target = { kind: 'std', path: c.path };
                else {
                    const local = modules.length ? `fn:${[...modules, c.path].join('::')}` : undefined;
                    if (local && fnNodes.has(local)) target = { kind: 'fn', key: local };
                    else if (fnNodes.has(`fn:${c.path}`)) target = { kind: 'fn', key: `fn:${c.path}` };
                }
                if (target.kind === 'fn') ref(target.key, node.uri, call.range);
            } else if (c.kind === 'self' && owner) {
                const key = `${owner.qualifiedName}::${c.method}`;
                if (owner.methods.has(c.method)) { target = { kind: 'fn', key }; ref(`method:${key}`, node.uri, call.range); }
            } else if (c.kind === 'selfField' && owner) {
                let l: LocusInfo | undefined = owner;
                for (const f of c.fields) l = l ? fieldLocus(l, f) : undefined;
                const key = l && l.methods.has(c.method) ? `${l.qualifiedName}::${c.method}` : undefined;
                target = { kind: 'field', field: c.fields[0], locus: l?.decl.name, key };
                if (key) ref(`method:${key}`, node.uri, call.range);
            }
            const edge: CallEdge = { from: node.key, call, uri: node.uri, target };
            calls.push(edge); list.push(edge);
        }
        callsFrom.set(node.key, list);
    }

    // ---- bus graph
    const topLevelPlacement = new Map<string, Placement>();
    for (const inst of instances) if (inst.depth === 1 && inst.field && !topLevelPlacement.has(inst.locus)) topLevelPlacement.set(inst.locus, inst.placement);
    const subjectIndex = new Map<string, BusSubjectInfo>();
    const subjectOf = (s: BusMemberFact['subject']): { key: string; isLiteral: boolean; topic?: Declared<TopicFact>; crossSeed: boolean } | undefined => {
        if (s.kind === 'literal') return { key: s.value, isLiteral: true, crossSeed: false };
        if (s.kind === 'topic') {
            if (s.path.includes('::')) {
                const t = topics.get(s.path);
                if (t) return { key: t.decl.name, isLiteral: false, topic: t, crossSeed: false };
                return { key: lastSegment(s.path), isLiteral: false, crossSeed: true };
            }
            const t = topics.get(s.path);
            return { key: s.path, isLiteral: !t, topic: t, crossSeed: false };
        }
        return undefined;
    };
    const getSubject = (k: NonNullable<ReturnType<typeof subjectOf>>): BusSubjectInfo => {
        let s = subjectIndex.get(k.key);
        if (!s) {
            s = { subject: k.key, isLiteral: k.isLiteral, topic: k.topic, crossSeed: k.crossSeed, publishers: [], subscribers: [], sends: [], bindings: [] };
            subjectIndex.set(k.key, s);
        }
        return s;
    };
    const pendingPayload: Array<{ end: BusEnd & { payload: string }; subject: BusSubjectInfo }> = [];
    for (const l of locusList) {
        for (const m of l.decl.bus) {
            const k = subjectOf(m.subject);
            if (!k) continue;
            const s = getSubject(k);
            if (k.topic) ref(`topic:${k.topic.decl.name}`, l.uri, m.subject.range);
            // A literal subject named like a declared topic takes the topic's payload (upstream keys both alike).
            const sameNamedTopic = k.isLiteral ? topics.get(k.key) : k.topic;
            const payload = sameNamedTopic?.decl.payload ? payloadName(sameNamedTopic.decl.payload) : m.payloadType ? payloadName(m.payloadType) : '';
            const end: BusEnd = {
                locus: l.decl.name, member: m, uri: l.uri, payload, handler: m.handler,
                placement: m.kind === 'subscribe' ? busPlacementText(topLevelPlacement.get(l.decl.name)) : undefined,
                site: { uri: l.uri, range: m.range },
            };
            if (m.kind === 'publish') s.publishers.push(end); else s.subscribers.push(end);
            if (!payload) pendingPayload.push({ end: end as BusEnd & { payload: string }, subject: s });
            if (m.handler) ref(`method:${l.qualifiedName}::${m.handler}`, l.uri, m.handlerRange!);
        }
        if (l.decl.isMain) for (const b of l.decl.bindings) {
            const t = topics.get(b.topic);
            const s = subjectIndex.get(t ? t.decl.name : lastSegment(b.topic));
            if (s) s.bindings.push({ binding: b, uri: l.uri });
            if (t) ref(`topic:${t.decl.name}`, l.uri, b.topicRange);
        }
    }
    // Sends join subjects that bus blocks declare (a send alone does not make a subject: upstream's graph),
    // so they are read once every locus's bus block is in, whatever the order of the loci in the files.
    for (const l of locusList) for (const fn of [...l.decl.methods, ...l.decl.hooks]) for (const send of fn.body.sends) {
        const k = subjectOf(sendSubject(l.decl, send.subject));
        if (!k) continue;
        subjectIndex.get(k.key)?.sends.push({ locus: l.decl.name, fn: fn.name, send, uri: l.uri });
        if (k.topic) ref(`topic:${k.topic.decl.name}`, l.uri, send.subject.range);
    }
    for (const [name, f] of fns) if (name === f.qualifiedName) for (const send of f.decl.body.sends) {
        const k = subjectOf(send.subject);
        if (k) subjectIndex.get(k.key)?.sends.push({ fn: f.decl.name, send, uri: f.uri });
    }
    // A literal site without `of type` carries the subject's type from its other sites.
    for (const { end, subject } of pendingPayload) {
        const known = [...subject.publishers, ...subject.subscribers].find(e => e.payload);
        (end as { payload: string }).payload = known?.payload ?? '?';
    }
    const subjects = [...subjectIndex.values()].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));

    // ---- remaining references: literals, param types, placement entries
    for (const l of locusList) {
        for (const p of l.decl.params) {
            ref(`field:${l.qualifiedName}::${p.name}`, l.uri, p.nameRange, 'declaration');
            if (p.type?.name) ref(symbolOfType(p.type.name), l.uri, p.type.range);
            if (p.defaultLiteral) ref(symbolOfType(p.defaultLiteral), l.uri, p.defaultLiteralRange!);
        }
        for (const e of l.decl.placement) ref(`field:${l.qualifiedName}::${e.field}`, l.uri, e.fieldRange);
        for (const fn of [...l.decl.methods, ...l.decl.hooks]) {
            if (fn.kind === 'fn') ref(`method:${l.qualifiedName}::${fn.name}`, l.uri, fn.nameRange, 'declaration');
            for (const lit of fn.body.literals) ref(symbolOfType(lit.type), l.uri, lit.typeRange);
        }
    }
    for (const [name, f] of fns) if (name === f.qualifiedName) for (const lit of f.decl.body.literals) ref(symbolOfType(lit.type), f.uri, lit.typeRange);
    function symbolOfType(name: string): string {
        return loci.has(name) ? `locus:${loci.get(name)!.decl.name}` : `type:${name}`;
    }
    function payloadName(t: TypeRef): string {
        if (!t.name) return t.text;
        if (t.args.length) return [t.name, ...t.args.map(a => a.name ?? a.text)].join('_');
        if (isStdPath(t.name)) return mangleStdType(t.name);
        if (t.name.includes('::')) return types.has(t.name) || loci.has(t.name) ? lastSegment(t.name) : '?';
        return PRIMITIVE_TYPES.has(t.name) || types.has(t.name) || loci.has(t.name) ? t.name : '?';
    }

    return {
        program, version, files: sorted, hasSyntaxErrors: sorted.some(f => f.hasSyntaxErrors),
        loci, locusList, topics, types, fns, perspectives, others, aliases, mainLocus, mainLoci, hasFnMain,
        placementFields, instances, fnNodes, calls, callsFrom, subjects, subjectIndex, references,
    };
}

/** The `locus` column of `hale/placement`: the field's declared type path, `…` when it is not a path. */
function fieldTypeText(p: ParamFact): string {
    if (p.type) return p.type.name !== undefined ? p.type.name : '…';
    return p.defaultLiteral ?? '…';
}
