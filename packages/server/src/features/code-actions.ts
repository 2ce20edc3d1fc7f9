/**
 * Quick fixes for the concurrency diagnostics of the program model, each an edit after which that
 * diagnostic is gone:
 * - dead receiver / blocking call: place the locus on `pinned`, or make its pool `where async_io`;
 * - cross-pool call: place the callee on its caller's pool;
 * - orphan topic: add the missing `subscribe`/`publish` (with a handler stub), or remove the dead end;
 * - bus cycle: guard a self-republish with a terminating condition; across loci, break the cycle;
 * - unthrottled publish: pace the loop (`std::time::sleep(1ms);`) or `yield;` each turn;
 * - payload mismatch: align the `of type` with the subject's first site.
 */
import { TextDocument, type LangiumDocument } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CancellationToken, type CodeAction, type CodeActionParams, type Command, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import {
    CHECK_CODES, enclosingScope, lastSegment, paramLocusType,
    type BusEnd, type BusMemberFact, type FnFact, type LocusInfo, type ModelDiagnostic, type PlacementEntryFact, type ProgramModel, type ProgramModelService, type Site,
} from 'hale-language';
import type { EditorSnapshot, EditorSnapshots } from './editor-snapshots.js';
import type { HaleEditorServices } from './editor-module.js';

type Edits = Record<string, TextEdit[]>;

export class HaleCodeActionProvider implements CodeActionProvider {
    private readonly snapshots: EditorSnapshots;
    private readonly models: ProgramModelService;

    constructor(services: HaleEditorServices) {
        this.snapshots = services.editor.Snapshots;
        this.models = services.model.ProgramModels;
    }

    async getCodeActions(document: LangiumDocument, params: CodeActionParams, token?: CancellationToken): Promise<Array<Command | CodeAction> | undefined> {
        const uri = document.uri.toString();
        const snapshot = await this.snapshots.current(uri, token);
        if (!snapshot || !params.context.diagnostics.length) return undefined;
        const modelDiagnostics = this.models.diagnosticsFor(document.uri);
        const out: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            if (typeof diagnostic.code !== 'string' || !diagnostic.code.startsWith('hale.')) continue;
            const found = modelDiagnostics.find(d => d.code === diagnostic.code && sameStart(d.site.range, diagnostic.range));
            if (!found) continue;
            const fixes = new QuickFixes(snapshot, found, diagnostic).all();
            fixes.forEach((f, i) => out.push({ ...f, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: i === 0 ? true : undefined }));
        }
        return out;
    }
}

function sameStart(a: Range, b: Range): boolean {
    return a.start.line === b.start.line && a.start.character === b.start.character;
}

/** The text of a program file as the snapshot has it, with offset/position conversion. */
class SourceFile {
    readonly doc: TextDocument;
    constructor(readonly uri: string, readonly text: string) {
        this.doc = TextDocument.create(uri, 'hale', 0, text);
    }
    offset(p: Range['start']): number { return this.doc.offsetAt(p); }
    position(o: number): Range['start'] { return this.doc.positionAt(o); }
    lineText(line: number): string {
        return this.text.slice(this.offset({ line, character: 0 }), this.offset({ line: line + 1, character: 0 })).replace(/\r?\n$/, '');
    }
    indentOf(line: number): string { return /^[ \t]*/.exec(this.lineText(line))![0]; }
    /** The range of whole lines covering `r` (with the line break), when nothing else is on them. */
    wholeLines(r: Range): Range {
        const before = this.lineText(r.start.line).slice(0, r.start.character);
        const after = this.lineText(r.end.line).slice(r.end.character);
        if (before.trim() || after.trim()) return r;
        return { start: { line: r.start.line, character: 0 }, end: { line: r.end.line + 1, character: 0 } };
    }
}

interface Fix { title: string; edit: { changes: Edits } }

class QuickFixes {
    private readonly model: ProgramModel;
    private readonly files = new Map<string, SourceFile>();
    private readonly data: Record<string, unknown>;

    constructor(private readonly snapshot: EditorSnapshot, private readonly d: ModelDiagnostic, _diagnostic: Diagnostic) {
        this.model = snapshot.model;
        this.data = (d.data ?? {}) as Record<string, unknown>;
    }

    private file(uri: string): SourceFile {
        let f = this.files.get(uri);
        if (!f) this.files.set(uri, f = new SourceFile(uri, this.snapshot.texts.get(uri) ?? ''));
        return f;
    }

    private fix(title: string, ...edits: Array<[string, TextEdit]>): Fix {
        const changes: Edits = {};
        for (const [uri, e] of edits) (changes[uri] ??= []).push(e);
        return { title, edit: { changes } };
    }

    all(): Fix[] {
        switch (this.d.code) {
            case CHECK_CODES.deadReceiver: return this.placementFixes(true);
            case CHECK_CODES.blockingCall: return this.placementFixes(this.data.handler !== undefined);
            case CHECK_CODES.crossPoolCall: return this.crossPoolFixes();
            case CHECK_CODES.orphanTopic: return this.orphanFixes();
            case CHECK_CODES.cycle: return this.cycleFixes();
            case CHECK_CODES.unthrottledPublish: return this.paceFixes();
            case CHECK_CODES.payloadMismatch: return this.payloadFixes();
        }
        return [];
    }

    // ------------------------------------------------------------ placement

    private entryOf(field: string): PlacementEntryFact | undefined {
        let entry: PlacementEntryFact | undefined;
        for (const e of this.model.mainLocus?.decl.placement ?? []) if (e.field === field) entry = e;
        return entry;
    }

    /** Replaces the placement of a main-locus field (its entry's spec and constraints), or adds an entry. */
    private setPlacement(field: string, spec: string): Array<[string, TextEdit]> {
        const main = this.model.mainLocus!;
        const f = this.file(main.uri);
        const entry = this.entryOf(field);
        if (entry) {
            let end = f.offset(entry.range.end);
            while (end > 0 && /[\s;]/.test(f.text[end - 1])) end--;
            return [[main.uri, { range: { start: entry.specRange.start, end: f.position(end) }, newText: spec }]];
        }
        return [this.addPlacementEntry(main, `${field}: ${spec};`)];
    }

    private addPlacementEntry(main: LocusInfo, line: string): [string, TextEdit] {
        const f = this.file(main.uri);
        const unit = indentUnit(f, main);
        const locusIndent = f.indentOf(main.decl.range.start.line);
        const block = main.decl.placementRange;
        if (block) return [main.uri, insertBeforeClosingBrace(f, block, `${locusIndent}${unit}${unit}${line}`)];
        const text = `${locusIndent}${unit}placement {\n${locusIndent}${unit}${unit}${line}\n${locusIndent}${unit}}`;
        return [main.uri, insertBeforeClosingBrace(f, main.decl.range, text)];
    }

    private placementFixes(deadReceiverLike: boolean): Fix[] {
        const field = this.data.field as string | undefined;
        const pool = this.data.pool as string | undefined;
        if (!field || !this.model.mainLocus) return [];
        const out: Fix[] = [this.fix(`Place \`${field}\` on \`pinned\` (its own thread)`, ...this.setPlacement(field, 'pinned'))];
        if (this.data.handler !== undefined) return out; // a handler on an async_io pool: async_io is the problem
        if (pool && pool !== 'main') {
            // Every entry on the pool gains the constraint: async_io belongs to the pool.
            const main = this.model.mainLocus;
            const f = this.file(main.uri);
            const edits: Array<[string, TextEdit]> = [];
            for (const e of main.decl.placement) {
                if (e.kind !== 'cooperative' || (e.pool ?? 'main') !== pool || e.asyncIo) continue;
                let end = f.offset(e.range.end);
                if (f.text[end - 1] === ';') end--;
                edits.push([main.uri, { range: { start: f.position(end), end: f.position(end) }, newText: ' where async_io' }]);
            }
            if (edits.length) out.push(this.fix(`Make pool \`${pool}\` \`where async_io\` (its worker parks on I/O instead of blocking)`, ...edits));
        } else {
            const name = this.asyncPoolName();
            out.push(this.fix(`Move \`${field}\` to \`cooperative(pool = ${name}) where async_io\``, ...this.setPlacement(field, `cooperative(pool = ${name}) where async_io`)));
        }
        void deadReceiverLike;
        return out;
    }

    /** A pool for async I/O: an existing `where async_io` pool, else `io` (or `io2` ...) when free. */
    private asyncPoolName(): string {
        const pools = new Map<string, boolean>();
        for (const i of this.model.instances) if (i.placement.kind === 'cooperative') pools.set(i.placement.pool, (pools.get(i.placement.pool) ?? true) && i.placement.asyncIo);
        for (const [p, asyncIo] of pools) if (asyncIo && p !== 'main') return p;
        for (let n = 1; ; n++) { const p = n === 1 ? 'io' : `io${n}`; if (!pools.has(p)) return p; }
    }

    // ------------------------------------------------------------ cross-pool call

    private crossPoolFixes(): Fix[] {
        const fieldPath = this.data.field as string | undefined;
        if (!fieldPath || !this.model.mainLocus) return [];
        const scope = enclosingScope(this.snapshot.index, this.d.site.uri, this.d.site.range.start);
        const first = fieldPath.split('.')[0];
        const caller = this.model.instances.find(i => i.info === scope.locus && i.children.some(c => c.field === first));
        if (!caller) return [];
        let target = caller.children.find(c => c.field === first);
        for (const seg of fieldPath.split('.').slice(1)) target = target?.children.find(c => c.field === seg);
        if (!target?.topField) return [];
        if (caller.placement.kind !== 'cooperative') return [];
        const pool = caller.placement.pool;
        const top = target.topField;
        if (pool === 'main' && this.entryOf(top)) {
            // The default is the main pool: drop the entry.
            const main = this.model.mainLocus;
            const f = this.file(main.uri);
            const edits: Array<[string, TextEdit]> = main.decl.placement.filter(e => e.field === top).map(e => [main.uri, { range: f.wholeLines(e.range), newText: '' }]);
            return [this.fix(`Run \`${top}\` on its caller's pool \`main\` (remove its placement entry)`, ...edits)];
        }
        return [this.fix(`Run \`${top}\` on its caller's pool \`${pool}\``, ...this.setPlacement(top, `cooperative(pool = ${pool})`))];
    }

    // ------------------------------------------------------------ orphan topics

    private orphanFixes(): Fix[] {
        const subject = this.data.subject as string | undefined;
        const end = this.data.end as string | undefined;
        if (subject === undefined) return [];
        const s = this.model.subjectIndex.get(subject);
        if (end === 'none') {
            const t = this.model.topics.get(subject);
            if (!t) return [];
            const f = this.file(t.uri);
            return [this.fix(`Remove the unused topic \`${subject}\``, [t.uri, { range: f.wholeLines(t.decl.range), newText: '' }])];
        }
        if (!s) return [];
        const out: Fix[] = [];
        const literal = s.isLiteral;
        const written = literal ? JSON.stringify(subject) : (s.topic?.qualifiedName ?? subject);
        const payload = s.topic?.decl.payload?.text ?? [...s.publishers, ...s.subscribers].find(e => e.member.payloadType)?.member.payloadType?.text;
        if (end === 'publish') {
            for (const l of this.candidates(s.publishers.map(p => p.locus), [])) {
                const handler = freeName(l, `on_${snake(lastSegment(subject))}`);
                const member = `subscribe ${written} as ${handler}${literal && payload ? ` of type ${payload}` : ''};`;
                const stub = `fn ${handler}(${payload ? `msg: ${payload}` : ''}) {\n}`;
                out.push(this.fix(`Add a subscriber: \`${l.decl.name}.${handler}\``, ...this.addBusMember(l, member), this.addMethod(l, stub)));
            }
            const withoutSends = s.publishers.filter(p => !s.sends.some(x => x.locus === p.locus));
            if (withoutSends.length === s.publishers.length) {
                out.push(this.fix(`Remove the dead \`publish ${written}\`${plural(s.publishers.length)}`, ...s.publishers.map(p => this.removeMember(p))));
            }
        } else if (end === 'subscribe') {
            // A locus that already sends it but never declared `publish` is the natural publisher.
            const senders = s.sends.map(x => x.locus).filter((x): x is string => !!x);
            for (const l of this.candidates(s.subscribers.map(x => x.locus), senders)) {
                const member = `publish ${written}${literal && payload ? ` of type ${payload}` : ''};`;
                out.push(this.fix(`Add \`publish ${written}\` to \`${l.decl.name}\``, ...this.addBusMember(l, member)));
            }
            out.push(this.fix(`Remove the dead \`subscribe ${written}\`${plural(s.subscribers.length)}`, ...s.subscribers.map(x => this.removeMember(x))));
        }
        return out;
    }

    /** Up to two loci to add the missing end to: preferred ones first, then placed loci, not `exclude`d. */
    private candidates(exclude: readonly string[], preferred: readonly string[]): LocusInfo[] {
        const out: LocusInfo[] = [];
        const add = (l: LocusInfo | undefined) => { if (l && !exclude.includes(l.decl.name) && !out.includes(l) && out.length < 2) out.push(l); };
        for (const p of preferred) add(this.model.loci.get(p));
        const placed = new Set(this.model.instances.filter(i => i.depth >= 1 && i.info).map(i => i.info!));
        for (const l of this.model.locusList) if (placed.has(l) && !l.decl.isMain) add(l);
        for (const l of this.model.locusList) if (!l.decl.isMain) add(l);
        return out;
    }

    private removeMember(end: BusEnd): [string, TextEdit] {
        const f = this.file(end.uri);
        return [end.uri, { range: f.wholeLines(end.member.range), newText: '' }];
    }

    /** Adds a member to a locus's bus block (after its last member, or in a new `bus { }` block). */
    private addBusMember(l: LocusInfo, member: string): Array<[string, TextEdit]> {
        const f = this.file(l.uri);
        const unit = indentUnit(f, l);
        const indent = f.indentOf(l.decl.range.start.line);
        const last = l.decl.bus[l.decl.bus.length - 1];
        if (last) {
            const lineIndent = f.indentOf(last.range.start.line);
            const ownLine = !f.lineText(last.range.start.line).slice(0, last.range.start.character).trim();
            if (ownLine) return [[l.uri, { range: { start: last.range.end, end: last.range.end }, newText: `\n${lineIndent}${member}` }]];
            return [[l.uri, { range: { start: last.range.end, end: last.range.end }, newText: ` ${member}` }]];
        }
        // An empty `bus { }` (facts keep no range for it): find it in the locus text.
        const start = f.offset(l.decl.range.start), endOff = f.offset(l.decl.range.end);
        const m = /\bbus\s*\{/.exec(f.text.slice(start, endOff));
        if (m) {
            const at = f.position(start + m.index + m[0].length);
            return [[l.uri, { range: { start: at, end: at }, newText: `\n${indent}${unit}${unit}${member}\n${indent}${unit}` }]];
        }
        const open = f.text.indexOf('{', f.offset(l.decl.nameRange.end));
        const at = f.position(open + 1);
        return [[l.uri, { range: { start: at, end: at }, newText: `\n${indent}${unit}bus {\n${indent}${unit}${unit}${member}\n${indent}${unit}}` }]];
    }

    private addMethod(l: LocusInfo, fnText: string): [string, TextEdit] {
        const f = this.file(l.uri);
        const unit = indentUnit(f, l);
        const indent = f.indentOf(l.decl.range.start.line) + unit;
        return [l.uri, insertBeforeClosingBrace(f, l.decl.range, fnText.split('\n').map(x => indent + x).join('\n'))];
    }

    // ------------------------------------------------------------ cycles

    private cycleFixes(): Fix[] {
        const site = this.d.site;
        const f = this.file(site.uri);
        const scope = enclosingScope(this.snapshot.index, site.uri, site.range.start);
        const sendRange = site.range;
        const loci = (this.data.loci as string[] | undefined) ?? [];
        const sendText = f.text.slice(f.offset(sendRange.start), f.offset(sendRange.end));
        const out: Fix[] = [];
        if (loci.length === 1) {
            const fn = scope.fnFact;
            const guard = fn ? this.payloadGuard(fn) : undefined;
            if (guard) out.push(this.fix(`Guard the self-republish: \`if ${guard} { … }\``, [site.uri, this.wrapInIf(f, sendRange, guard)]));
            if (scope.locus) {
                const budget = freeName(scope.locus, 'republish_budget', true);
                out.push(this.fix(`Guard the self-republish with a budget (\`${budget}\`)`,
                    this.addParam(scope.locus, `${budget}: Int = 1000;`),
                    [site.uri, this.wrapInIf(f, sendRange, `self.${budget} > 0`, `self.${budget} = self.${budget} - 1;`)]));
            }
        } else {
            const subject = (this.data.cycle as string[] | undefined)?.[0];
            out.push(this.fix(`Break the cycle: delete \`${sendText.split('<-')[0].trim()} <- …\`${scope.locus && scope.fnFact ? ` in \`${scope.locus.decl.name}.${scope.fnFact.name}\`` : ''}`,
                [site.uri, { range: f.wholeLines(sendRange), newText: '' }]));
            void subject;
        }
        return out;
    }

    /** `s.n < 1000` when the handler's first parameter is a struct with an Int field. */
    private payloadGuard(fn: FnFact): string | undefined {
        const p = fn.params[0];
        const t = p?.type?.name ? this.model.types.get(p.type.name) : undefined;
        const intField = t?.decl.fields.find(x => x.type?.name === 'Int');
        return p && intField ? `${p.name}.${intField.name} < 1000` : undefined;
    }

    /** Wraps a statement in `if cond { [prelude] statement }`, keeping the indentation. */
    private wrapInIf(f: SourceFile, r: Range, cond: string, prelude?: string): TextEdit {
        const text = f.text.slice(f.offset(r.start), f.offset(r.end));
        const lineIndent = f.indentOf(r.start.line);
        const ownLine = !f.lineText(r.start.line).slice(0, r.start.character).trim();
        const unit = '    ';
        if (ownLine) {
            const inner = text.split('\n').map(x => unit + x).join('\n');
            return { range: r, newText: `if ${cond} {\n${prelude ? lineIndent + unit + prelude + '\n' : ''}${lineIndent}${inner}\n${lineIndent}}` };
        }
        return { range: r, newText: `if ${cond} { ${prelude ? prelude + ' ' : ''}${text} }` };
    }

    private addParam(l: LocusInfo, field: string): [string, TextEdit] {
        const f = this.file(l.uri);
        const unit = indentUnit(f, l);
        const indent = f.indentOf(l.decl.range.start.line);
        const last = l.decl.params[l.decl.params.length - 1];
        if (last) {
            const ownLine = !f.lineText(last.range.start.line).slice(0, last.range.start.character).trim();
            return [l.uri, { range: { start: last.range.end, end: last.range.end }, newText: ownLine ? `\n${f.indentOf(last.range.start.line)}${field}` : ` ${field}` }];
        }
        const start = f.offset(l.decl.range.start), endOff = f.offset(l.decl.range.end);
        const m = /\bparams\s*\{/.exec(f.text.slice(start, endOff));
        if (m) {
            const at = f.position(start + m.index + m[0].length);
            return [l.uri, { range: { start: at, end: at }, newText: ` ${field} ` }];
        }
        const open = f.text.indexOf('{', f.offset(l.decl.nameRange.end));
        const at = f.position(open + 1);
        return [l.uri, { range: { start: at, end: at }, newText: `\n${indent}${unit}params { ${field} }` }];
    }

    // ------------------------------------------------------------ unthrottled publish

    private paceFixes(): Fix[] {
        const loop = this.data.loop as Range | undefined;
        const uri = this.d.site.uri;
        if (!loop) return [];
        const f = this.file(uri);
        const close = f.offset(loop.end) - 1;
        if (f.text[close] !== '}') return [];
        const insert = (stmt: string): TextEdit => {
            const closePos = f.position(close);
            const ownLine = !f.lineText(closePos.line).slice(0, closePos.character).trim();
            if (ownLine) {
                const indent = f.indentOf(closePos.line);
                const at = { line: closePos.line, character: 0 };
                return { range: { start: at, end: at }, newText: `${indent}    ${stmt}\n` };
            }
            let at = close;
            while (at > 0 && f.text[at - 1] === ' ') at--;
            const p = f.position(at);
            return { range: { start: p, end: f.position(close) }, newText: ` ${stmt} ` };
        };
        return [
            this.fix('Pace the loop: `std::time::sleep(1ms);` each turn', [uri, insert('std::time::sleep(1ms);')]),
            this.fix('Yield each turn: `yield;` lets a co-scheduled subscriber drain', [uri, insert('yield;')]),
        ];
    }

    // ------------------------------------------------------------ payload mismatch

    private payloadFixes(): Fix[] {
        const expected = this.data.expected as string | undefined;
        if (!expected) return [];
        const member = this.memberAt(this.d.site);
        if (!member?.payloadType) return [];
        return [this.fix(`Use the subject's payload type: \`of type ${expected}\``, [this.d.site.uri, { range: member.payloadType.range, newText: expected }])];
    }

    private memberAt(site: Site): BusMemberFact | undefined {
        for (const l of this.model.locusList) {
            if (l.uri !== site.uri) continue;
            const m = l.decl.bus.find(x => sameStart(x.keywordRange, site.range));
            if (m) return m;
        }
        return undefined;
    }
}

function plural(n: number): string {
    return n > 1 ? ` (${n} sites)` : '';
}

function snake(name: string): string {
    return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase() || 'message';
}

/** `base`, or `base_2` ... when the locus already has a member of that name. */
function freeName(l: LocusInfo, base: string, isField = false): string {
    const taken = (n: string) => l.methods.has(n) || l.hooks.has(n) || l.decl.params.some(p => p.name === n);
    void isField;
    if (!taken(base)) return base;
    for (let i = 2; ; i++) if (!taken(`${base}_${i}`)) return `${base}_${i}`;
}

/** The locus body's indentation step (its first member's indentation less the locus's own). */
function indentUnit(f: SourceFile, l: LocusInfo): string {
    const own = f.indentOf(l.decl.range.start.line);
    const firstLine = l.decl.nameRange.start.line + 1;
    for (let line = firstLine; line < l.decl.range.end.line; line++) {
        const t = f.lineText(line);
        if (!t.trim()) continue;
        const ind = /^[ \t]*/.exec(t)![0];
        return ind.length > own.length ? ind.slice(own.length) : '    ';
    }
    return '    ';
}

/** Inserts `text` (already indented) on its own line before the closing `}` of the block at `r`. */
function insertBeforeClosingBrace(f: SourceFile, r: Range, text: string): TextEdit {
    const close = f.offset(r.end) - 1;
    const closePos = f.position(close);
    const before = f.lineText(closePos.line).slice(0, closePos.character);
    if (!before.trim()) {
        const at = { line: closePos.line, character: 0 };
        return { range: { start: at, end: at }, newText: `${text}\n` };
    }
    // `{ ... }` on one line: break the line before the brace.
    return { range: { start: closePos, end: closePos }, newText: `\n${text}\n${f.indentOf(closePos.line)}` };
}

export { paramLocusType };
