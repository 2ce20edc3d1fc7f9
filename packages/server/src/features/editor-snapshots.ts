/**
 * The snapshot every editor feature reads: the program model of the last finished build and its symbol
 * index, published together when a build of the program has linked its files (the model service builds the
 * model in the same phase, just before). Hover, completion and semantic tokens answer from the last
 * published snapshot at once, even while a rebuild runs; positions typed since are mapped through the
 * edit between the snapshot's text and the editor's text (one edited region, which is what typing makes).
 */
import { DocumentState, TextDocument, URI, type AstNode, type LangiumDocument, type RootCstNode } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { CancellationToken, Position, Range } from 'vscode-languageserver';
import { HaleDocumentUpdateHandler } from '../program-folders.js';
import { buildSymbolIndexSteps, extractOccurrencesSteps, programDocuments, programKey, runToEnd, type FileIndex, type FileOccurrences, type ProgramModel, type ProgramModelService, type SymbolIndex } from 'hale-language';

export interface EditorSnapshot {
    readonly program: string;
    readonly model: ProgramModel;
    readonly index: SymbolIndex;
    /** The text each file had when the snapshot was built. */
    readonly texts: ReadonlyMap<string, string>;
}

/** One file of a snapshot seen from the editor's current text. */
export interface FileView {
    readonly snapshot: EditorSnapshot;
    readonly file: FileIndex;
    readonly uri: string;
    /** The editor's text differs from the snapshot's. */
    readonly stale: boolean;
    /** A position in the editor's text → the snapshot's text (undefined inside the edited region). */
    toSnapshot(p: Position): Position | undefined;
    /** A range of the snapshot's text → the editor's text (undefined when it touches the edited region). */
    toEditor(r: Range): Range | undefined;
    /** The editor's current text. */
    readonly text: string;
}

interface EditMap {
    /** Where the edited region starts (the same in both texts). */
    readonly start: Position;
    /** Where it ends in the snapshot's text and in the editor's. */
    readonly snapshotEnd: Position;
    readonly editorEnd: Position;
}

export class EditorSnapshots {
    private readonly published = new Map<string, EditorSnapshot>();
    /** The last snapshot of each program built without syntax errors. */
    private readonly lastGood = new Map<string, EditorSnapshot>();
    private readonly occurrencesByRoot = new WeakMap<AstNode, { readonly text: string; readonly occurrences: FileOccurrences }>();
    private readonly listeners: Array<(snapshot: EditorSnapshot) => void> = [];
    private readonly shared: LangiumSharedServices;

    constructor(shared: LangiumSharedServices, private readonly models: ProgramModelService) {
        this.shared = shared;
        const programsOf = (built: readonly LangiumDocument[]) => {
            const programs = new Set<string>();
            for (const doc of built) if (doc.uri.path.endsWith('.hl')) programs.add(programKey(doc.uri));
            return programs;
        };
        // The index is built once a build has validated, after its diagnostics are written out (the
        // JSON-RPC writer hops through setImmediate): it is not on the keystroke-to-diagnostics path.
        // Until then features read the previous snapshot, mapped through the edit.
        shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, (built) => {
            const programs = programsOf(built);
            setImmediate(() => setImmediate(() => { for (const program of programs) this.publishSafely(program, DocumentState.Validated, true); }));
        });
        // A program's first snapshot as soon as its model exists (the model service's listener, registered
        // before this one, has built it), also for builds that do not validate.
        shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.IndexedReferences, (built) => {
            for (const program of programsOf(built)) if (!this.published.has(program)) this.publishSafely(program, DocumentState.IndexedReferences, false);
        });
    }

    /** Resolves when the next snapshot of `program` is published (or after `timeoutMs`, or on cancellation). */
    private nextPublish(program: string, token?: CancellationToken, timeoutMs = 10_000): Promise<void> {
        return new Promise(resolve => {
            const done = () => { clearTimeout(timer); cancel?.dispose(); const i = this.waiters.indexOf(waiter); if (i >= 0) this.waiters.splice(i, 1); resolve(); };
            const waiter = { program, done };
            const timer = setTimeout(done, timeoutMs);
            const cancel = token?.onCancellationRequested(done);
            this.waiters.push(waiter);
        });
    }
    private readonly waiters: Array<{ program: string; done: () => void }> = [];

    /** Called with every snapshot published (after the previous one was replaced). */
    onPublish(listener: (snapshot: EditorSnapshot) => void): void {
        this.listeners.push(listener);
    }

    /**
     * Builds and publishes the snapshot of `program`'s documents as they are now: at once (`sliced`
     * false), or spread over slices of at most SLICE_MS with the event loop free in between, so that
     * requests are answered meanwhile (from the previous snapshot). A slice-wise build abandons itself when
     * a newer build of the program has started.
     */
    /** A failure to index a program must not take the server down: it keeps its previous snapshot. */
    private publishSafely(program: string, atLeast: DocumentState, sliced: boolean): void {
        this.publish(program, atLeast, sliced).catch(err => console.error(`hale: could not index ${program} for the editor features: ${err instanceof Error ? err.stack ?? err.message : String(err)}`));
    }

    private async publish(program: string, atLeast: DocumentState, sliced = true): Promise<void> {
        const all = programDocuments(this.shared.workspace.LangiumDocuments, program).filter(d => d.uri.path.endsWith('.hl'));
        // A newer build of the program is under way: it will publish.
        if (all.some(d => d.state < atLeast)) return;
        if (!all.length) { this.published.delete(program); this.lastGood.delete(program); return; }
        const model = this.models.getModel(all[0].uri);
        if (!model) return;
        const textOf = (d: LangiumDocument) => (d.parseResult.value.$cstNode?.root as RootCstNode | undefined)?.fullText ?? d.textDocument.getText();
        const previous = this.published.get(program);
        if (previous?.model === model && all.every(d => previous.texts.get(d.uri.toString()) === textOf(d))) return;
        const seq = (this.sequence.get(program) ?? 0) + 1;
        this.sequence.set(program, seq);
        const roots = all.map(d => d.parseResult.value);
        const startTexts = all.map(textOf);
        const superseded = () => this.sequence.get(program) !== seq || all.some((d, i) => d.parseResult.value !== roots[i] || textOf(d) !== startTexts[i]);
        const run = <T>(steps: Generator<void, T>) => sliced ? runSliced(steps, superseded) : Promise.resolve(runToEnd(steps));
        const texts = new Map<string, string>();
        const occurrences = new Map<string, FileOccurrences>();
        for (const doc of all) {
            const uri = doc.uri.toString();
            const root = doc.parseResult.value;
            const text = textOf(doc);
            // Cached per syntax tree and text (a tree object could be reused by an incremental parse).
            let cached = this.occurrencesByRoot.get(root);
            if (cached?.text !== text) {
                const occ = await run(extractOccurrencesSteps(doc));
                if (!occ) return;
                this.occurrencesByRoot.set(root, cached = { text, occurrences: occ });
            }
            occurrences.set(uri, cached.occurrences);
            texts.set(uri, text);
        }
        const index = await run(buildSymbolIndexSteps(model, occurrences));
        if (!index) return;
        if (superseded()) return;
        console.error(`published ver=${model.version} len=${[...texts.values()][0]?.length}`);
        const snapshot: EditorSnapshot = { program, model, index, texts };
        this.published.set(program, snapshot);
        if (!model.hasSyntaxErrors) this.lastGood.set(program, snapshot);
        for (const l of this.listeners) l(snapshot);
        for (const w of this.waiters.filter(x => x.program === program)) w.done();
    }
    private readonly sequence = new Map<string, number>();

    /** The last published snapshot of the program `uri` belongs to (never waits). */
    latest(uri: string | URI): EditorSnapshot | undefined {
        const u = typeof uri === 'string' ? URI.parse(uri) : uri;
        return this.published.get(programKey(u));
    }

    /**
     * The snapshot to read for `uri`: the latest, or, while the program has a syntax error (a half-typed
     * line), the last one built without, whose names a recovered tree may have lost (positions are mapped
     * through the edits since either way).
     */
    snapshotFor(uri: string | URI): EditorSnapshot | undefined {
        const u = typeof uri === 'string' ? URI.parse(uri) : uri;
        const program = programKey(u);
        const latest = this.published.get(program);
        if (!latest?.model.hasSyntaxErrors) return latest;
        const good = this.lastGood.get(program);
        return good?.index.files.has(u.toString()) ? good : latest;
    }

    /** Every published snapshot (workspace symbols). */
    all(): EditorSnapshot[] {
        return [...this.published.values()];
    }

    /**
     * The snapshot for `uri`; waits for the first build only when the program has none yet (a file just
     * opened), never for a rebuild.
     */
    async ready(uri: string | URI, token?: CancellationToken): Promise<EditorSnapshot | undefined> {
        const u = typeof uri === 'string' ? URI.parse(uri) : uri;
        const program = programKey(u);
        const existing = this.published.get(program);
        if (existing?.index.files.has(u.toString())) return existing;
        if (this.shared.workspace.LangiumDocuments.hasDocument(u)) await this.nextPublish(program, token);
        return this.published.get(program);
    }

    /**
     * The snapshot for `uri` once the pending build (if any) has validated it: for requests off the
     * keystroke path (rename, references, code actions, lenses), which should see the text as it is.
     */
    async current(uri: string | URI, token?: CancellationToken): Promise<EditorSnapshot | undefined> {
        const u = typeof uri === 'string' ? URI.parse(uri) : uri;
        const updates = this.shared.lsp.DocumentUpdateHandler;
        if (updates instanceof HaleDocumentUpdateHandler) await updates.settled();
        const program = programKey(u);
        const documents = this.shared.workspace.LangiumDocuments;
        if (documents.hasDocument(u)) {
            try {
                await this.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, u, token);
            } catch {
                return this.published.get(program); // cancelled or the document went away
            }
            // The snapshot of this build is published a moment after validation.
            const parsed = (documents.getDocument(u)?.parseResult.value.$cstNode?.root as RootCstNode | undefined)?.fullText;
            if (this.published.get(program)?.texts.get(u.toString()) !== parsed) await this.nextPublish(program, token);
        }
        return this.published.get(program);
    }

    /** The file `uri` of a snapshot (by default `snapshotFor(uri)`), with position maps to the editor's current text. */
    view(uri: string, snapshot: EditorSnapshot | undefined = this.snapshotFor(uri)): FileView | undefined {
        const file = snapshot?.index.files.get(uri);
        if (!snapshot || !file) return undefined;
        const then = snapshot.texts.get(uri) ?? '';
        const now = this.shared.workspace.TextDocuments.get(uri)?.getText() ?? then;
        if (now === then) {
            return { snapshot, file, uri, stale: false, text: now, toSnapshot: p => p, toEditor: r => r };
        }
        const map = editMap(then, now);
        // One edited region: before it positions are equal, after it they shift by its change in lines
        // (and in characters on its last line).
        const shift = (p: Position, fromEnd: Position, toEnd: Position): Position =>
            p.line === fromEnd.line ? { line: toEnd.line, character: p.character - fromEnd.character + toEnd.character } : { line: p.line - fromEnd.line + toEnd.line, character: p.character };
        const cmp = (a: Position, b: Position) => a.line - b.line || a.character - b.character;
        const toSnapshot = (p: Position): Position | undefined => {
            if (cmp(p, map.start) <= 0) return p;
            if (cmp(p, map.editorEnd) >= 0) return shift(p, map.editorEnd, map.snapshotEnd);
            return undefined;
        };
        const toEditor = (r: Range): Range | undefined => {
            const before = cmp(r.end, map.start) <= 0;
            if (before) return r;
            if (cmp(r.start, map.snapshotEnd) >= 0) return { start: shift(r.start, map.snapshotEnd, map.editorEnd), end: shift(r.end, map.snapshotEnd, map.editorEnd) };
            return undefined;
        };
        return { snapshot, file, uri, stale: true, text: now, toSnapshot, toEditor };
    }
}

let lastEdit: { then: string; now: string; map: EditMap } | undefined;

/** The single edited region between two texts: their common prefix and suffix. */
function editMap(then: string, now: string): EditMap {
    if (lastEdit && lastEdit.then === then && lastEdit.now === now) return lastEdit.map;
    const max = Math.min(then.length, now.length);
    let prefix = 0;
    while (prefix < max && then.charCodeAt(prefix) === now.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (suffix < max - prefix && then.charCodeAt(then.length - 1 - suffix) === now.charCodeAt(now.length - 1 - suffix)) suffix++;
    const snapshotDoc = TextDocument.create('snapshot:', 'hale', 0, then);
    const editorDoc = TextDocument.create('editor:', 'hale', 0, now);
    const map = { start: snapshotDoc.positionAt(prefix), snapshotEnd: snapshotDoc.positionAt(then.length - suffix), editorEnd: editorDoc.positionAt(now.length - suffix) };
    lastEdit = { then, now, map };
    return map;
}

/** The longest stretch a snapshot build holds the thread before letting requests through. */
const SLICE_MS = 4;

/** Runs a stepwise computation in slices of SLICE_MS; undefined when `abandon()` says it is no longer wanted. */
async function runSliced<T>(steps: Generator<void, T>, abandon: () => boolean): Promise<T | undefined> {
    let start = performance.now();
    for (;;) {
        const r = steps.next();
        if (r.done) return r.value;
        if (performance.now() - start > SLICE_MS) {
            // A timer, not setImmediate: while it runs out the event loop turns as often as a request needs
            // (reading it, answering, writing the answer each take a turn), not one turn per slice.
            await new Promise(resolve => setTimeout(resolve, 1));
            if (abandon()) return undefined;
            start = performance.now();
        }
    }
}
