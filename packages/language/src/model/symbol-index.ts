/**
 * The symbol index of a program model snapshot: every declaration and every use of every name, resolved
 * once per snapshot against the model, for the editor features (hover, definition, references,
 * highlights, rename, semantic tokens, call hierarchy). Built from the model's facts (declarations, bus
 * members, placement entries, sends) and each file's name occurrences (occurrences.ts).
 *
 * Symbol keys: `locus:Gateway`, `topic:Orders`, `subject:beat` (a literal subject), `type:Order`,
 * `typefield:Order::qty`, `variant:Light::Red`, `fn:pump`, `method:Gateway::pull` (handlers are methods),
 * `hook:Gateway::run`, `field:App::gw` (a params field), `pool:io`, `std:std::time::sleep`, `const:MAX`,
 * `perspective:Router`, `alias:lib`, `decorator:hot`, `local:<uri>#line:char` (a local binding).
 */
import type { Range } from 'vscode-languageserver-types';
import type { FileFacts, FnFact, ParamFact, Site, SubjectRef } from './facts.js';
import { posKey, runToEnd, type FileOccurrences, type RawOccurrence } from './occurrences.js';
import { PRIMITIVE_TYPES, type FnNode, type LocusInfo, type ProgramModel } from './program-model.js';
import { isStdPath } from './std.js';

export type SymbolKind =
    | 'locus' | 'topic' | 'subject' | 'externalTopic' | 'type' | 'typeField' | 'variant' | 'fn' | 'method' | 'hook'
    | 'field' | 'pool' | 'std' | 'const' | 'perspective' | 'decl' | 'alias' | 'local' | 'decorator' | 'primitive' | 'builtin';

/** How a name is used where it occurs. */
export type OccurrenceContext =
    | 'subscribe' | 'publish' | 'handler' | 'send' | 'binding' | 'placement' | 'parent' | 'claim'
    | 'call' | 'pointer' | 'self' | 'literal' | 'fieldInit' | 'pattern' | 'type' | 'param';

export interface Occurrence {
    readonly range: Range;
    /** The symbol it names; undefined when it names nothing the program declares (a generic parameter ...). */
    readonly key?: string;
    readonly kind: SymbolKind;
    readonly role: 'declaration' | 'use';
    readonly context?: OccurrenceContext;
}

export interface SymbolSiteRef extends Site {
    readonly role: 'declaration' | 'use';
    readonly context?: OccurrenceContext;
}

export interface SymbolEntry {
    readonly key: string;
    readonly kind: SymbolKind;
    /** The name as written at the declaration (the last segment of a path). */
    readonly name: string;
    readonly declarations: SymbolSiteRef[];
    readonly uses: SymbolSiteRef[];
}

/** A locus, fn, method or hook body of a file: what encloses a position. */
export interface ScopeRange {
    readonly range: Range;
    readonly locus?: LocusInfo;
    /** The call-graph node of the fn, method or hook. */
    readonly fn?: FnNode;
    readonly fnFact?: FnFact;
}

export interface FileIndex {
    readonly uri: string;
    /** Sorted by start; ranges do not overlap. */
    readonly occurrences: readonly Occurrence[];
    readonly raw: FileOccurrences;
    readonly facts: FileFacts;
    /** Loci and fns of the file, outer before inner. */
    readonly scopes: readonly ScopeRange[];
    /** Each `publish`/`subscribe` member and `<-` send of the file with the bus subject it names (`subjectIndex` key). */
    readonly busSites: ReadonlyArray<{ readonly range: Range; readonly subject: string }>;
}

export interface SymbolIndex {
    readonly model: ProgramModel;
    readonly symbols: ReadonlyMap<string, SymbolEntry>;
    readonly files: ReadonlyMap<string, FileIndex>;
}

export function copyRange(r: Range): Range {
    return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

function before(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
    return a.line < b.line || (a.line === b.line && a.character < b.character);
}

export function rangeContains(r: Range, p: { line: number; character: number }): boolean {
    return !before(p, r.start) && !before(r.end, p);
}

/** The ranges of the segments of `path` written at `range`, when it is written plainly (one line, no spaces). */
export function segmentRanges(path: string, range: Range): Range[] | undefined {
    const parts = path.split('::');
    if (range.start.line !== range.end.line || range.end.character - range.start.character !== path.length) return undefined;
    const out: Range[] = [];
    let c = range.start.character;
    for (const p of parts) {
        out.push({ start: { line: range.start.line, character: c }, end: { line: range.start.line, character: c + p.length } });
        c += p.length + 2;
    }
    return out;
}

/** The locus type a params field holds: its default literal's type or its declared type, when a locus. */
export function paramLocusType(model: ProgramModel, p: ParamFact): LocusInfo | undefined {
    if (p.defaultLiteral && model.loci.has(p.defaultLiteral)) return model.loci.get(p.defaultLiteral);
    if (p.type?.name && model.loci.has(p.type.name)) return model.loci.get(p.type.name);
    return undefined;
}

export function buildSymbolIndex(model: ProgramModel, occurrences: ReadonlyMap<string, FileOccurrences>): SymbolIndex {
    return runToEnd(buildSymbolIndexSteps(model, occurrences));
}

/** The same build in steps: the generator yields every few hundred names (see extractOccurrencesSteps). */
export function* buildSymbolIndexSteps(model: ProgramModel, occurrences: ReadonlyMap<string, FileOccurrences>): Generator<void, SymbolIndex> {
    const symbols = new Map<string, SymbolEntry>();
    const files = new Map<string, FileIndex>();
    const variantsByName = new Map<string, string[]>();
    for (const [, t] of model.types) {
        for (const v of t.decl.variants) {
            const list = variantsByName.get(v.name) ?? [];
            const key = `variant:${t.qualifiedName}::${v.name}`;
            if (!list.includes(key)) list.push(key);
            variantsByName.set(v.name, list);
        }
    }
    const locusKey = (info: LocusInfo) => `locus:${info.qualifiedName}`;

    for (const facts of model.files) {
        yield;
        const uri = facts.uri;
        const raw = occurrences.get(uri) ?? emptyOccurrences(uri);
        const list: Occurrence[] = [];
        // Ranges are copied: the model's facts share the CST's range objects, which a later incremental parse
        // shifts in place; the index stays true to the text it was built for.
        const add = (range: Range, kind: SymbolKind, key: string | undefined, role: Occurrence['role'] = 'use', context?: OccurrenceContext) => {
            list.push({ range: copyRange(range), kind, key, role, context });
        };
        const subject = (s: SubjectRef, context: OccurrenceContext) => {
            if (s.kind === 'literal') add(s.range, 'subject', `subject:${s.value}`, 'use', context);
            else if (s.kind === 'topic') topicPath(s.path, s.range, context);
        };
        const topicPath = (path: string, range: Range, context: OccurrenceContext) => {
            const t = model.topics.get(path);
            if (t) {
                const segs = path.includes('::') ? segmentRanges(path, range) : undefined;
                add(segs ? segs[segs.length - 1] : range, 'topic', `topic:${t.qualifiedName}`, 'use', context);
                return;
            }
            const alias = path.includes('::') ? path.slice(0, path.indexOf('::')) : undefined;
            if (alias && model.aliases.has(alias)) {
                const segs = segmentRanges(path, range);
                if (segs) {
                    add(segs[0], 'alias', `alias:${alias}`);
                    add(segs[segs.length - 1], 'externalTopic', `xtopic:${path}`, 'use', context);
                    return;
                }
            }
            add(range, 'topic', undefined, 'use', context);
        };
        const sends = (uriFn: FnFact['body']) => { for (const s of uriFn.sends) subject(s.subject, 'send'); };

        for (const im of facts.imports) add(im.aliasRange, 'alias', `alias:${im.alias}`, 'declaration');
        for (const d of facts.decls) {
            const qn = [...d.modules, d.name].join('::');
            switch (d.kind) {
                case 'locus': {
                    const info = model.loci.get(qn) ?? model.loci.get(d.name);
                    const L = info?.qualifiedName ?? qn;
                    add(d.nameRange, 'locus', `locus:${L}`, 'declaration');
                    for (const p of d.params) {
                        add(p.nameRange, 'field', `field:${L}::${p.name}`, 'declaration');
                        if (p.defaultBody) sends(p.defaultBody);
                    }
                    for (const m of d.bus) {
                        subject(m.subject, m.kind);
                        if (m.handler && m.handlerRange) add(m.handlerRange, 'method', `method:${L}::${m.handler}`, 'use', 'handler');
                    }
                    for (const e of d.placement) {
                        add(e.fieldRange, 'field', `field:${L}::${e.field}`, 'use', 'placement');
                        if (e.pool && e.poolRange) add(e.poolRange, 'pool', `pool:${e.pool}`, 'use', 'placement');
                    }
                    for (const b of d.bindings) topicPath(b.topic, b.topicRange, 'binding');
                    for (const m of d.methods) { add(m.nameRange, 'method', `method:${L}::${m.name}`, 'declaration'); sends(m.body); }
                    for (const h of d.hooks) { add(h.nameRange, 'hook', `hook:${L}::${h.name}`, 'declaration'); sends(h.body); }
                    break;
                }
                case 'topic':
                    add(d.nameRange, 'topic', `topic:${qn}`, 'declaration');
                    if (d.parent && d.parentRange) topicPath(d.parent, d.parentRange, 'parent');
                    break;
                case 'type': add(d.nameRange, 'type', `type:${qn}`, 'declaration'); break;
                case 'fnDecl': add(d.nameRange, 'fn', `fn:${qn}`, 'declaration'); sends(d.body); break;
                case 'perspective': add(d.nameRange, 'perspective', `perspective:${qn}`, 'declaration'); break;
                case 'const': add(d.nameRange, 'const', `const:${qn}`, 'declaration'); break;
                default: add(d.nameRange, 'decl', `decl:${d.kind}:${qn}`, 'declaration');
            }
        }

        // Facts already placed sends, handlers and subjects: a raw occurrence at the same start is the same name.
        const taken = new Set(list.map(o => posKey(o.range.start)));
        const rawAdd = (range: Range, kind: SymbolKind, key: string | undefined, role: Occurrence['role'] = 'use', context?: OccurrenceContext) => {
            const k = posKey(range.start);
            if (taken.has(k)) return;
            taken.add(k);
            add(range, kind, key, role, context);
        };
        const typePath = (path: string, range: Range, context: OccurrenceContext) => {
            if (isStdPath(path)) return rawAdd(range, 'std', `std:${path}`, 'use', context);
            if (PRIMITIVE_TYPES.has(path)) return rawAdd(range, 'primitive', undefined, 'use', context);
            const segs = path.includes('::') ? segmentRanges(path, range) : undefined;
            const last = segs ? segs[segs.length - 1] : range;
            const l = model.loci.get(path);
            if (l) return rawAdd(last, 'locus', locusKey(l), 'use', context);
            const t = model.types.get(path);
            if (t) return rawAdd(last, 'type', `type:${t.qualifiedName}`, 'use', context);
            const p = model.perspectives.get(path);
            if (p) return rawAdd(last, 'perspective', `perspective:${p.qualifiedName}`, 'use', context);
            const o = model.others.get(path);
            if (o) return rawAdd(last, 'decl', `decl:${o.decl.kind}:${o.qualifiedName}`, 'use', context);
            const head = path.split('::')[0];
            if (segs && model.aliases.has(head)) { rawAdd(segs[0], 'alias', `alias:${head}`); rawAdd(last, 'type', undefined, 'use', context); return; }
            rawAdd(range, 'type', undefined, 'use', context);
        };
        const valuePath = (o: Extract<RawOccurrence, { k: 'value' }>) => {
            const { path, range } = o;
            const context: OccurrenceContext | undefined = o.call ? 'call' : undefined;
            if (isStdPath(path)) return rawAdd(range, 'std', `std:${path}`, 'use', context);
            if (!path.includes('::')) {
                const f = model.fns.get(path);
                if (f) return rawAdd(range, 'fn', `fn:${f.qualifiedName}`, 'use', o.call ? 'call' : 'pointer');
                const t = model.topics.get(path);
                if (t) return rawAdd(range, 'topic', `topic:${t.qualifiedName}`, 'use');
                const c = model.others.get(path);
                if (c) return rawAdd(range, c.decl.kind === 'const' ? 'const' : 'decl', c.decl.kind === 'const' ? `const:${c.qualifiedName}` : `decl:${c.decl.kind}:${c.qualifiedName}`);
                const l = model.loci.get(path);
                if (l) return rawAdd(range, 'locus', locusKey(l));
                const ty = model.types.get(path);
                if (ty) return rawAdd(range, 'type', `type:${ty.qualifiedName}`);
                const v = variantsByName.get(path);
                if (v && v.length === 1) return rawAdd(range, 'variant', v[0]);
                if (o.call) return rawAdd(range, 'builtin', undefined, 'use', 'call');
                return;
            }
            const segs = segmentRanges(path, range);
            const last = segs ? segs[segs.length - 1] : range;
            const f = model.fns.get(path);
            if (f) return rawAdd(last, 'fn', `fn:${f.qualifiedName}`, 'use', o.call ? 'call' : 'pointer');
            const t = model.topics.get(path);
            if (t) return rawAdd(last, 'topic', `topic:${t.qualifiedName}`);
            const c = model.others.get(path);
            if (c && c.decl.kind === 'const') return rawAdd(last, 'const', `const:${c.qualifiedName}`);
            const head = path.slice(0, path.lastIndexOf('::'));
            const member = path.slice(path.lastIndexOf('::') + 2);
            const ty = model.types.get(head);
            if (ty && segs) {
                rawAdd(segs[segs.length - 2], 'type', `type:${ty.qualifiedName}`);
                if (ty.decl.variants.some(v => v.name === member)) rawAdd(last, 'variant', `variant:${ty.qualifiedName}::${member}`);
                return;
            }
            const l = model.loci.get(head);
            if (l && segs) return rawAdd(segs[segs.length - 2], 'locus', locusKey(l));
            const alias = path.split('::')[0];
            if (segs && model.aliases.has(alias)) rawAdd(segs[0], 'alias', `alias:${alias}`);
        };
        const selfMember = (o: Extract<RawOccurrence, { k: 'self' }>) => {
            let owner: LocusInfo | undefined = model.loci.get(o.locus);
            let ownerType: string | undefined;
            for (const seg of o.chain.slice(0, -1)) {
                if (owner) {
                    const p = owner.decl.params.find(x => x.name === seg);
                    if (!p) { owner = undefined; ownerType = undefined; break; }
                    const next = paramLocusType(model, p);
                    ownerType = next ? undefined : (p.type?.name && model.types.has(p.type.name) ? model.types.get(p.type.name)!.qualifiedName : undefined);
                    owner = next;
                } else if (ownerType) {
                    const t = model.types.get(ownerType);
                    const f = t?.decl.fields.find(x => x.name === seg);
                    owner = undefined;
                    ownerType = f?.type?.name && model.types.has(f.type.name) ? model.types.get(f.type.name)!.qualifiedName : undefined;
                    if (!ownerType && f?.type?.name && model.loci.has(f.type.name)) owner = model.loci.get(f.type.name);
                } else break;
            }
            const member = o.chain[o.chain.length - 1];
            if (owner) {
                const L = owner.qualifiedName;
                if (owner.decl.params.some(p => p.name === member)) return rawAdd(o.range, 'field', `field:${L}::${member}`, 'use', 'self');
                if (owner.methods.has(member)) return rawAdd(o.range, 'method', `method:${L}::${member}`, 'use', o.call ? 'call' : 'pointer');
                if (owner.hooks.has(member)) return rawAdd(o.range, 'hook', `hook:${L}::${member}`, 'use', 'call');
            } else if (ownerType) {
                const t = model.types.get(ownerType);
                if (t?.decl.fields.some(f => f.name === member)) return rawAdd(o.range, 'typeField', `typefield:${ownerType}::${member}`, 'use', 'self');
            }
            rawAdd(o.range, o.call ? 'method' : 'field', undefined, 'use', 'self');
        };

        let step = 0;
        for (const o of raw.occurrences) {
            if (++step % 500 === 0) yield;
            switch (o.k) {
                case 'type': typePath(o.path, o.range, o.literal ? 'literal' : 'type'); break;
                case 'value': valuePath(o); break;
                case 'local':
                    rawAdd(o.range, 'local', `local:${uri}#${posKey(o.decl.start)}`, o.isDecl ? 'declaration' : 'use', o.param ? 'param' : undefined);
                    break;
                case 'self': selfMember(o); break;
                case 'fieldInit': {
                    const l = model.loci.get(o.type);
                    if (l && l.decl.params.some(p => p.name === o.field)) rawAdd(o.range, 'field', `field:${l.qualifiedName}::${o.field}`, 'use', 'fieldInit');
                    else {
                        const t = model.types.get(o.type);
                        rawAdd(o.range, 'typeField', t && t.decl.fields.some(f => f.name === o.field) ? `typefield:${t.qualifiedName}::${o.field}` : undefined, 'use', 'fieldInit');
                    }
                    break;
                }
                case 'pattern': {
                    const segs = o.path.includes('::') ? segmentRanges(o.path, o.range) : undefined;
                    if (segs) {
                        const head = o.path.slice(0, o.path.lastIndexOf('::'));
                        const member = o.path.slice(o.path.lastIndexOf('::') + 2);
                        const ty = model.types.get(head);
                        if (ty) rawAdd(segs[segs.length - 2], 'type', `type:${ty.qualifiedName}`);
                        rawAdd(segs[segs.length - 1], 'variant', ty && ty.decl.variants.some(v => v.name === member) ? `variant:${ty.qualifiedName}::${member}` : undefined, 'use', 'pattern');
                    } else {
                        const v = variantsByName.get(o.path);
                        rawAdd(o.range, 'variant', v && v.length === 1 ? v[0] : undefined, 'use', 'pattern');
                    }
                    break;
                }
                case 'decorator': rawAdd(o.range, 'decorator', `decorator:${o.name}`); break;
                case 'topicRef': topicPath(o.path, o.range, 'claim'); break;
                case 'busSubject':
                    if (taken.has(posKey(o.range.start))) break;
                    taken.add(posKey(o.range.start));
                    if (o.literal !== undefined) add(o.range, 'subject', `subject:${o.literal}`, 'use', 'claim');
                    else if (o.topic !== undefined) topicPath(o.topic, o.range, 'claim');
                    break;
                case 'typeField': rawAdd(o.range, 'typeField', `typefield:${o.type}::${o.field}`, 'declaration'); break;
                case 'variant': rawAdd(o.range, 'variant', `variant:${o.type}::${o.variant}`, 'declaration'); break;
            }
        }
        list.sort((a, b) => (a.range.start.line - b.range.start.line) || (a.range.start.character - b.range.start.character));
        // Drop overlaps (a recovered tree can repeat a range): the first at a position wins.
        const occurrencesSorted: Occurrence[] = [];
        for (const o of list) {
            const prev = occurrencesSorted[occurrencesSorted.length - 1];
            if (prev && before(o.range.start, prev.range.end)) continue;
            occurrencesSorted.push(o);
        }
        for (const o of occurrencesSorted) {
            if (!o.key) continue;
            let entry = symbols.get(o.key);
            if (!entry) symbols.set(o.key, entry = { key: o.key, kind: o.kind, name: nameOfKey(o.key), declarations: [], uses: [] });
            (o.role === 'declaration' ? entry.declarations : entry.uses).push({ uri, range: o.range, role: o.role, context: o.context });
        }
        files.set(uri, { uri, occurrences: occurrencesSorted, raw, facts, scopes: scopesOf(model, facts), busSites: busSitesOf(model, facts) });
    }
    return { model, symbols, files };
}

function busSitesOf(model: ProgramModel, facts: FileFacts): Array<{ range: Range; subject: string }> {
    const out: Array<{ range: Range; subject: string }> = [];
    const key = (s: SubjectRef): string | undefined => {
        if (s.kind === 'literal') return s.value;
        if (s.kind === 'topic') return model.topics.get(s.path)?.decl.name ?? (s.path.includes('::') ? s.path.slice(s.path.lastIndexOf('::') + 2) : s.path);
        return undefined;
    };
    const push = (range: Range, s: SubjectRef) => { const k = key(s); if (k !== undefined && model.subjectIndex.has(k)) out.push({ range: copyRange(range), subject: k }); };
    for (const d of facts.decls) {
        if (d.kind === 'locus') {
            for (const m of d.bus) push(m.range, m.subject);
            for (const fn of [...d.methods, ...d.hooks]) for (const send of fn.body.sends) push(send.range, send.subject);
        } else if (d.kind === 'fnDecl') for (const send of d.body.sends) push(send.range, send.subject);
    }
    return out;
}

function scopesOf(model: ProgramModel, facts: FileFacts): ScopeRange[] {
    const out: ScopeRange[] = [];
    for (const d of facts.decls) {
        const qn = [...d.modules, d.name].join('::');
        if (d.kind === 'locus') {
            const locus = model.loci.get(qn);
            out.push({ range: copyRange(d.range), locus });
            for (const fn of [...d.methods, ...d.hooks]) {
                out.push({ range: copyRange(fn.range), locus, fn: model.fnNodes.get(`${locus?.qualifiedName ?? qn}::${fn.name}`), fnFact: fn });
            }
        } else if (d.kind === 'fnDecl') {
            out.push({ range: copyRange(d.range), fn: model.fnNodes.get(`fn:${qn}`) });
        }
    }
    return out;
}

function emptyOccurrences(uri: string): FileOccurrences {
    return { uri, occurrences: [], docs: new Map(), signatures: new Map(), defaults: new Map(), typeTexts: new Map(), topicBounds: new Map(), subscribeBounds: new Map() };
}

/** The last segment of a symbol key's name: `method:Gateway::pull` → `pull`, `subject:a.b` → `a.b`. */
export function nameOfKey(key: string): string {
    const body = key.slice(key.indexOf(':') + 1);
    if (key.startsWith('subject:') || key.startsWith('local:') || key.startsWith('pool:')) return key.startsWith('local:') ? '' : body;
    const i = body.lastIndexOf('::');
    return i < 0 ? body : body.slice(i + 2);
}

/** The occurrence at `position` in `uri` (a position at either end of a name counts). */
export function occurrenceAt(index: SymbolIndex, uri: string, position: { line: number; character: number }): Occurrence | undefined {
    const file = index.files.get(uri);
    if (!file) return undefined;
    const list = file.occurrences;
    let lo = 0, hi = list.length - 1, found = -1;
    while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (before(position, list[mid].range.start)) hi = mid - 1;
        else { found = mid; lo = mid + 1; }
    }
    if (found >= 0 && rangeContains(list[found].range, position)) return list[found];
    return undefined;
}

/** The innermost locus and fn around `position`. */
export function enclosingScope(index: SymbolIndex, uri: string, position: { line: number; character: number }): { locus?: LocusInfo; fn?: FnNode; fnFact?: FnFact } {
    const file = index.files.get(uri);
    let locus: LocusInfo | undefined, fn: FnNode | undefined, fnFact: FnFact | undefined;
    for (const s of file?.scopes ?? []) {
        if (!rangeContains(s.range, position)) continue;
        if (s.locus) locus = s.locus;
        if (s.fn || s.fnFact) { fn = s.fn; fnFact = s.fnFact ?? (s.fn ? s.fn.fn as FnFact : undefined); }
    }
    return { locus, fn, fnFact };
}

/** Every site of a symbol, declarations first. */
export function symbolSites(index: SymbolIndex, key: string): SymbolSiteRef[] {
    const e = index.symbols.get(key);
    return e ? [...e.declarations, ...e.uses] : [];
}
