/**
 * Hover, answered from the last snapshot. On a topic or a literal subject (its declaration, a `publish` or
 * `subscribe` line, a `<-` send): payload, wire subject, `keyed_by`, bounds, and every subscriber and
 * publisher with its placement, each linked to its site. On a locus, a params field, a fn, a method or
 * hook, a type, a field, an enum variant, a pool, a `std::` path, `self.x`.
 */
import type { LangiumDocument } from 'langium';
import type { HoverProvider } from 'langium/lsp';
import { MarkupKind, type CancellationToken, type Hover, type HoverParams } from 'vscode-languageserver';
import {
    lastSegment, placementSourceText, symbolSites,
    type BusSubjectInfo, type Declared, type FnFact, type FreeFnFact, type LocusInfo, type ProgramModel, type SymbolIndex, type TopicFact, type TypeFact,
} from 'hale-language';
import type { EditorSnapshots } from './editor-snapshots.js';
import { code, codeBlock, escapeMarkdown, instancePath, instancesOf, link, placementOrigin, placementText, plural, subjectAround, targetAt, where } from './lookup.js';
import { stdDoc } from './std-catalog.js';
import type { HaleEditorServices } from './editor-module.js';

export class HaleHoverProvider implements HoverProvider {
    private readonly snapshots: EditorSnapshots;

    constructor(services: HaleEditorServices) {
        this.snapshots = services.editor.Snapshots;
    }

    async getHoverContent(document: LangiumDocument, params: HoverParams, token?: CancellationToken): Promise<Hover | undefined> {
        const uri = document.uri.toString();
        await this.snapshots.ready(uri, token);
        const view = this.snapshots.view(uri);
        if (!view) return undefined;
        const index = view.snapshot.index;
        const target = targetAt(this.snapshots, uri, params.position);
        let value: string | undefined;
        let range = target?.range;
        if (target) value = hoverFor(target.view.snapshot.index, target.occurrence.key, target.occurrence.kind);
        if (!value) {
            // Anywhere on a `publish`/`subscribe` line or a send: the subject's hover.
            const p = view.toSnapshot(params.position);
            const around = p ? subjectAround(index, uri, p) : undefined;
            if (around) {
                value = subjectHover(index, around.subject);
                range = view.toEditor(around.range);
            }
        }
        if (!value) return undefined;
        return { contents: { kind: MarkupKind.Markdown, value }, range };
    }
}

/** The Markdown of a symbol's hover, or undefined when there is nothing to say. */
export function hoverFor(index: SymbolIndex, key: string | undefined, kind: string): string | undefined {
    const model = index.model;
    if (!key) {
        if (kind === 'primitive') return undefined;
        return undefined;
    }
    const colon = key.indexOf(':');
    const body = key.slice(colon + 1);
    switch (kind) {
        case 'topic': {
            const t = model.topics.get(body);
            const s = t ? model.subjectIndex.get(t.decl.name) : undefined;
            if (s) return subjectHover(index, s);
            return t ? topicHeader(index, t) + '\n\nNo locus publishes or subscribes it.' : undefined;
        }
        case 'subject': {
            const s = model.subjectIndex.get(body);
            return s ? subjectHover(index, s) : undefined;
        }
        case 'externalTopic': {
            const alias = body.split('::')[0];
            const a = model.aliases.get(alias);
            const s = model.subjectIndex.get(lastSegment(body));
            const head = `**topic** ${code(lastSegment(body))} of the seed ${code(alias)}${a ? ` (imported from ${code(a.path)})` : ''}: its declaration and its other ends live in that program.`;
            return s ? `${head}\n\n${endsMarkdown(index, s)}` : head;
        }
        case 'locus': {
            const l = model.loci.get(body);
            return l ? locusHover(index, l) : undefined;
        }
        case 'field': return fieldHover(index, body);
        case 'method': case 'hook': {
            const [locusName, name] = splitLast(body);
            const l = model.loci.get(locusName);
            const fn = kind === 'method' ? l?.methods.get(name) : l?.hooks.get(name);
            return l && fn ? fnHover(index, fn, l) : undefined;
        }
        case 'fn': {
            const f = model.fns.get(body);
            return f ? fnHover(index, f.decl, undefined, f.uri) : undefined;
        }
        case 'type': {
            const t = model.types.get(body);
            return t ? typeHover(index, t) : undefined;
        }
        case 'typeField': {
            const [typeName, field] = splitLast(body);
            const t = model.types.get(typeName);
            const f = t?.decl.fields.find(x => x.name === field);
            if (!t || !f) return undefined;
            return [codeBlock(`${field}: ${f.type?.text ?? '?'}`), `field of ${link(`type ${t.decl.name}`, { uri: t.uri, range: t.decl.nameRange })}`,
                docOf(index, t.uri, f.range.start.line)].filter(Boolean).join('\n\n');
        }
        case 'variant': {
            const [typeName, variant] = splitLast(body);
            const t = model.types.get(typeName);
            const v = t?.decl.variants.find(x => x.name === variant);
            if (!t || !v) return undefined;
            const text = textOfVariant(index, t, variant);
            return [codeBlock(`${t.decl.name}::${text}`), `variant of ${link(`enum ${t.decl.name}`, { uri: t.uri, range: t.decl.nameRange })} (${t.decl.variants.map(x => x.name).join(', ')})`,
                docOf(index, t.uri, v.range.start.line)].filter(Boolean).join('\n\n');
        }
        case 'pool': return poolHover(model, body);
        case 'std': return stdHover(body);
        case 'alias': {
            const a = model.aliases.get(body);
            return a ? `**import** ${code(body)}: the seed at ${code(a.path)} (another program: its names are reached as ${code(body + '::Name')}).` : undefined;
        }
        case 'const': {
            const c = model.others.get(body);
            return c ? [codeBlock(`const ${c.decl.name}`), docOf(index, c.uri, c.decl.range.start.line)].filter(Boolean).join('\n\n') : undefined;
        }
        case 'perspective': {
            const p = model.perspectives.get(body);
            return p ? [codeBlock(`perspective ${p.decl.name}`), p.decl.methods.length ? `methods: ${p.decl.methods.map(code).join(', ')}` : '', docOf(index, p.uri, p.decl.range.start.line)].filter(Boolean).join('\n\n') : undefined;
        }
        case 'decorator': return `decorator ${code('@' + body)}`;
        case 'local': {
            const uses = symbolSites(index, key).length - 1;
            return `local ${code(index.symbols.get(key)?.declarations.length ? nameAt(index, key) : '')} · ${plural(uses, 'use')}`;
        }
    }
    return undefined;
}

function nameAt(index: SymbolIndex, key: string): string {
    const e = index.symbols.get(key);
    const d = e?.declarations[0];
    if (!d) return '';
    const file = index.files.get(d.uri);
    const raw = file?.raw.occurrences.find(o => o.k === 'local' && o.isDecl && o.range.start.line === d.range.start.line && o.range.start.character === d.range.start.character);
    return raw && raw.k === 'local' ? raw.name : '';
}

function splitLast(path: string): [string, string] {
    const i = path.lastIndexOf('::');
    return [path.slice(0, i), path.slice(i + 2)];
}

function docOf(index: SymbolIndex, uri: string, line: number): string | undefined {
    return index.files.get(uri)?.raw.docs.get(line);
}

function posKey(p: { line: number; character: number }): string {
    return `${p.line}:${p.character}`;
}

// ---------------------------------------------------------------- topics and subjects

function topicHeader(index: SymbolIndex, t: Declared<TopicFact>): string {
    const d = t.decl;
    const facts: string[] = [];
    facts.push(`payload ${d.payload ? code(d.payload.text) : '*none declared*'}`);
    facts.push(`wire subject ${code(JSON.stringify(d.subject ?? d.name))}${d.subject ? '' : ' (its name)'}`);
    if (d.keyedBy) facts.push(`keyed by ${code(d.keyedBy)}`);
    if (d.onUnmatched) facts.push(`on_unmatched: ${code(d.onUnmatched)}`);
    const bounds = index.files.get(t.uri)?.raw.topicBounds.get(posKey(d.nameRange.start));
    if (bounds?.bounded) facts.push(`bounded(${bounds.bounded})`);
    if (bounds?.onFull) facts.push(`on_full: ${code(bounds.onFull)}`);
    if (d.parent) facts.push(`child of ${code(d.parent)}`);
    const head = `**topic** ${link(t.qualifiedName, { uri: t.uri, range: d.nameRange })}`;
    return [head, facts.join(' · '), docOf(index, t.uri, d.range.start.line)].filter(Boolean).join('\n\n');
}

export function subjectHover(index: SymbolIndex, s: BusSubjectInfo): string {
    const model = index.model;
    let head: string;
    if (s.topic) head = topicHeader(index, s.topic);
    else {
        const payload = [...s.publishers, ...s.subscribers].find(e => e.payload && e.payload !== '?')?.payload;
        head = `**bus subject** ${code(JSON.stringify(s.subject))}${s.crossSeed ? ' (a topic of another seed)' : ''}` +
            (payload ? `\n\npayload ${code(payload)}` : '');
        const wildcardNote = s.subject.includes('*') ? `\n\na wildcard: it covers ${model.subjects.filter(o => o !== s && coversSubject(s.subject, o.subject)).map(o => code(o.subject)).join(', ') || 'no other subject of this program'}` : '';
        head += wildcardNote;
    }
    return `${head}\n\n${endsMarkdown(index, s)}`;
}

function coversSubject(pattern: string, subject: string): boolean {
    const ps = pattern.split('.'), ss = subject.split('.');
    for (let i = 0; i < ps.length; i++) {
        if (ps[i] === '**') return ss.length > i;
        if (i >= ss.length) return false;
        if (ps[i] !== '*' && ps[i] !== ss[i]) return false;
    }
    return ps.length === ss.length && pattern !== subject;
}

/** The subscriber and publisher lists (publishers one per locus, as `hale/busGraph` lists them). */
function endsMarkdown(index: SymbolIndex, s: BusSubjectInfo): string {
    const model = index.model;
    const lines: string[] = [];
    lines.push(`**Subscribers (${s.subscribers.length})**`);
    if (!s.subscribers.length) lines.push('- *none*');
    for (const sub of s.subscribers) {
        const l = model.loci.get(sub.locus);
        const handlerFn = l && sub.handler ? l.methods.get(sub.handler) : undefined;
        const target = handlerFn && l ? { uri: l.uri, range: handlerFn.nameRange } : sub.site;
        const parts = [`${link(`${sub.locus}.${sub.handler ?? '?'}`, target)} at ${where(sub.site)}`];
        parts.push(placementsOf(model, l, sub.placement));
        if (sub.member.keyFilter !== undefined) parts.push(`where key == ${code(sub.member.keyFilter)}`);
        const bound = index.files.get(sub.uri)?.raw.subscribeBounds.get(posKey(sub.member.range.start));
        if (bound) parts.push(`bounded(${bound.bound}${bound.shedPolicy ? ', ' + bound.shedPolicy : ''})`);
        if (sub.payload && sub.payload !== '?' && sub.member.payloadType) parts.push(`of type ${code(sub.member.payloadType.text)}`);
        lines.push(`- ${parts.join(' · ')}`);
    }
    const byLocus = new Map<string, typeof s.publishers>();
    for (const p of s.publishers) byLocus.set(p.locus, [...(byLocus.get(p.locus) ?? []), p]);
    lines.push('', `**Publishers (${byLocus.size})**`);
    if (!byLocus.size) lines.push('- *none*');
    for (const [locusName, ends] of byLocus) {
        const l = model.loci.get(locusName);
        const parts = [`${link(locusName, ends[0].site)} at ${ends.map(e => where(e.site)).join(', ')}`];
        parts.push(placementsOf(model, l));
        const sends = s.sends.filter(x => x.locus === locusName);
        if (sends.length) parts.push(`sends at ${sends.slice(0, 4).map(x => where({ uri: x.uri, range: x.send.range })).join(', ')}${sends.length > 4 ? ` and ${sends.length - 4} more` : ''}`);
        lines.push(`- ${parts.join(' · ')}`);
    }
    const strays = s.sends.filter(x => !x.locus || !byLocus.has(x.locus));
    if (strays.length) {
        lines.push('', `**Other sends (${strays.length})**`);
        for (const x of strays.slice(0, 8)) lines.push(`- ${code(x.locus ? `${x.locus}.${x.fn}` : x.fn)} at ${where({ uri: x.uri, range: x.send.range })}${x.locus ? ' (no `publish` in its bus block)' : ''}`);
    }
    if (s.bindings.length) {
        lines.push('', `**Bindings**`);
        for (const b of s.bindings) lines.push(`- ${b.binding.transport}${b.binding.role ? ` (${b.binding.role})` : ''} at ${where({ uri: b.uri, range: b.binding.range })}`);
    }
    return lines.join('\n');
}

/** Where a locus's instances run: `pinned (App.listener)`; the dispatch class when no instance exists. */
function placementsOf(model: ProgramModel, l: LocusInfo | undefined, dispatch?: string): string {
    if (!l) return dispatch ?? '';
    const inst = instancesOf(model, l);
    if (!inst.length) return model.mainLocus ? `not placed (no instance under \`${model.mainLocus.decl.name}\`)${dispatch ? ` · ${dispatch}` : ''}` : 'no main locus: placed by its user';
    const shown = inst.slice(0, 3).map(i => `${code(placementText(i))} (${instancePath(i)})`);
    return shown.join(', ') + (inst.length > 3 ? ` and ${inst.length - 3} more` : '');
}

// ---------------------------------------------------------------- loci, fields, fns, types

function locusHover(index: SymbolIndex, l: LocusInfo): string {
    const model = index.model;
    const d = l.decl;
    const raw = index.files.get(l.uri)?.raw;
    const out: string[] = [];
    const header = `${d.decorators.length ? d.decorators.map(x => '@' + x.name).join(' ') + '\n' : ''}${d.isMain ? 'main ' : ''}locus ${l.qualifiedName}${d.serves.length ? ': serves ' + d.serves.map(s => s.name).join(', ') : ''}`;
    out.push(codeBlock(header));
    const doc = docOf(index, l.uri, d.range.start.line);
    if (doc) out.push(doc);
    if (d.params.length) {
        const rows = d.params.map(p => {
            const def = raw?.defaults.get(posKey(p.nameRange.start));
            return `- ${link(p.name, { uri: l.uri, range: p.nameRange })}${p.type ? ': ' + code(p.type.text) : ''}${def ? ' = ' + code(def) : ''}`;
        });
        out.push(`**params**\n${rows.join('\n')}`);
    }
    if (d.bus.length) {
        const rows = d.bus.map(m => {
            const subject = m.subject.kind === 'literal' ? JSON.stringify(m.subject.value) : m.subject.kind === 'topic' ? m.subject.path : '…';
            return `- ${link(m.kind === 'subscribe' ? `subscribe ${subject} as ${m.handler}` : `publish ${subject}`, { uri: l.uri, range: m.range })}`;
        });
        out.push(`**bus**\n${rows.join('\n')}`);
    }
    const hooks = d.hooks.map(h => link(`${h.name}()`, { uri: l.uri, range: h.nameRange }));
    if (hooks.length) out.push(`**lifecycle** ${hooks.join(' · ')}`);
    if (d.methods.length) out.push(`**methods** ${d.methods.map(m => link(m.name, { uri: l.uri, range: m.nameRange })).join(' · ')}`);
    if (d.isMain) {
        if (model.placementFields.length) {
            const rows = model.placementFields.map(f => `- ${code(f.field)}: ${code(placementSourceText(f.placement))}${f.explicit ? '' : ' (default)'}`);
            out.push(`**placement**\n${rows.join('\n')}`);
        }
    } else {
        const inst = instancesOf(model, l);
        if (inst.length) {
            out.push(`**placed** (${plural(inst.length, 'instance')})\n${inst.slice(0, 8).map(i => `- ${link(instancePath(i), i.site)}: ${code(placementText(i))} · ${placementOrigin(i)}`).join('\n')}${inst.length > 8 ? `\n- and ${inst.length - 8} more` : ''}`);
        } else if (model.mainLocus) out.push(`**placed** nowhere: no instance under ${code(model.mainLocus.decl.name)}`);
    }
    return out.join('\n\n');
}

function fieldHover(index: SymbolIndex, body: string): string | undefined {
    const model = index.model;
    const [locusName, field] = splitLast(body);
    const l = model.loci.get(locusName);
    const p = l?.decl.params.find(x => x.name === field);
    if (!l || !p) return undefined;
    const raw = index.files.get(l.uri)?.raw;
    const def = raw?.defaults.get(posKey(p.nameRange.start));
    const out = [codeBlock(`${field}${p.type ? ': ' + p.type.text : ''}${def ? ' = ' + def : ''}`), `params field of ${link(`locus ${l.decl.name}`, { uri: l.uri, range: l.decl.nameRange })}`];
    const doc = docOf(index, l.uri, p.range.start.line);
    if (doc) out.push(doc);
    if (l.decl.isMain && l === model.mainLocus) {
        const pf = model.placementFields.find(f => f.field === field);
        const inst = model.instances.find(i => i.depth === 1 && i.field === field);
        if (pf && inst) {
            out.push(`**placement** ${code(placementSourceText(pf.placement))} · ${pf.explicit && pf.entrySite ? `set at ${where(pf.entrySite)}` : 'default: no placement entry'}`);
        }
    } else {
        const inst = model.instances.filter(i => i.parent?.info === l && i.field === field);
        if (inst.length) out.push(`**placement** ${inst.slice(0, 4).map(i => `${code(placementText(i))} (${instancePath(i)}, ${placementOrigin(i)})`).join(', ')}`);
    }
    return out.join('\n\n');
}

function fnHover(index: SymbolIndex, fn: FnFact | FreeFnFact, owner: LocusInfo | undefined, uri = owner?.uri ?? ''): string {
    const model = index.model;
    const raw = index.files.get(uri)?.raw;
    const sig = raw?.signatures.get(posKey(fn.nameRange.start));
    const decorators = sig?.decorators ?? fn.decorators.map(d => '@' + d.name);
    const text = sig?.text ?? `fn ${fn.name}(${fn.params.map(p => `${p.name}: ${p.type?.text ?? '?'}`).join(', ')})${fn.returnType ? ' -> ' + fn.returnType.text : ''}`;
    const out = [codeBlock([...decorators, text].join('\n'))];
    const facts: string[] = [];
    if (owner) facts.push(`${'kind' in fn && fn.kind === 'hook' ? 'lifecycle hook' : 'method'} of ${link(`locus ${owner.decl.name}`, { uri: owner.uri, range: owner.decl.nameRange })}`);
    else facts.push('free fn');
    facts.push(sig?.fallible ? `fallible(${code(sig.fallible)})` : 'not fallible');
    out.push(facts.join(' · '));
    const doc = docOf(index, uri, fn.range.start.line);
    if (doc) out.push(doc);
    if (owner) {
        const handles = owner.decl.bus.filter(m => m.kind === 'subscribe' && m.handler === fn.name);
        if (handles.length) {
            out.push(`**handles** ${handles.map(m => link(m.subject.kind === 'literal' ? JSON.stringify(m.subject.value) : m.subject.kind === 'topic' ? m.subject.path : '…', { uri: owner.uri, range: m.range })).join(', ')}`);
        }
    }
    const key = owner ? `${owner.qualifiedName}::${fn.name}` : `fn:${[...(fn as FreeFnFact).modules ?? [], fn.name].join('::')}`;
    const callers = model.calls.filter(c => c.target.kind === 'fn' ? c.target.key === key : c.target.kind === 'field' && c.target.key === key);
    const callees = model.callsFrom.get(key) ?? [];
    const graph: string[] = [];
    if (callers.length) graph.push(`called from ${plural(callers.length, 'site')}`);
    const blocking = callees.filter(c => c.target.kind === 'std').map(c => (c.target as { path: string }).path);
    if (callees.length) graph.push(`${plural(callees.length, 'call')}${blocking.length ? ` (std: ${[...new Set(blocking)].slice(0, 4).map(code).join(', ')})` : ''}`);
    if (graph.length) out.push(graph.join(' · '));
    return out.join('\n\n');
}

function typeHover(index: SymbolIndex, t: Declared<TypeFact>): string {
    const raw = index.files.get(t.uri)?.raw;
    const text = raw?.typeTexts.get(posKey(t.decl.nameRange.start)) ?? `type ${t.decl.name}`;
    const out = [codeBlock(text)];
    const doc = docOf(index, t.uri, t.decl.range.start.line);
    if (doc) out.push(doc);
    const asPayload = index.model.subjects.filter(s => [...s.publishers, ...s.subscribers].some(e => e.payload === t.decl.name) || s.topic?.decl.payload?.name === t.decl.name);
    if (asPayload.length) out.push(`payload of ${asPayload.slice(0, 6).map(s => code(s.isLiteral ? JSON.stringify(s.subject) : s.subject)).join(', ')}`);
    return out.join('\n\n');
}

function textOfVariant(index: SymbolIndex, t: Declared<TypeFact>, variant: string): string {
    const raw = index.files.get(t.uri)?.raw;
    const text = raw?.typeTexts.get(posKey(t.decl.nameRange.start)) ?? '';
    const m = new RegExp(`\\b${variant}\\s*(\\([^)]*\\))?`).exec(text.slice(text.indexOf('{')));
    return m ? m[0].replace(/\s+/g, ' ') : variant;
}

function poolHover(model: ProgramModel, pool: string): string {
    const placed = model.instances.filter(i => i.depth === 1 && i.placement.kind === 'cooperative' && i.placement.pool === pool);
    const asyncIo = placed.some(i => i.placement.kind === 'cooperative' && i.placement.asyncIo);
    const rows = placed.map(i => `- ${link(`${i.field ?? i.locus}: ${i.locus}`, i.entry ?? i.site)}${i.placement.kind === 'cooperative' && i.placement.asyncIo ? ' · where async_io' : ''}`);
    return [`**pool** ${code(pool)}${pool === 'main' ? ' (the main pool: the main locus and every unplaced locus)' : ''}${asyncIo ? ' · `where async_io`: its worker parks on I/O' : ''}`,
        rows.length ? `**loci on it** (${rows.length})\n${rows.join('\n')}` : ''].filter(Boolean).join('\n\n');
}

function stdHover(path: string): string {
    const { entry, module, moduleDoc } = stdDoc(path);
    const out: string[] = [];
    if (entry) {
        const kindWord = entry.kind === 'fn' ? 'fn' : entry.kind;
        out.push(codeBlock(`${module ?? path.slice(0, path.lastIndexOf('::'))}::\n${kindWord} ${entry.signature}`));
        out.push(entry.doc);
    } else {
        out.push(codeBlock(path));
        if (module === path) out.push(`module: ${moduleDoc}`);
        else if (module) out.push(`in ${code(module)}: ${moduleDoc}`);
        else out.push('standard library');
    }
    return out.join('\n\n');
}

export { escapeMarkdown };
