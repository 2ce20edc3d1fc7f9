/**
 * Keeps one program model per program (a folder of `.hl` files) in step with Langium's documents: facts
 * are extracted once per parse, the model is rebuilt once per build of the program, and the new snapshot
 * replaces the old one in a single assignment, so readers always see a whole model.
 */
import { DocumentState, URI, UriUtils, type AstNode, type DefaultLangiumDocuments, type LangiumDocument, type LangiumSharedCoreServices, type ValidationAcceptor } from 'langium';
import type { Program } from '../generated/ast.js';
import { extractFacts } from './extract.js';
import type { FileFacts } from './facts.js';
import { buildProgramModel, type ProgramModel } from './program-model.js';
import { runChecks } from './checks/index.js';
import type { ModelDiagnostic } from './diagnostics.js';

interface Published {
    readonly model: ProgramModel;
    /** The syntax trees it was built from, to tell whether it is still current. */
    readonly roots: readonly AstNode[];
    readonly diagnostics: ReadonlyMap<string, readonly ModelDiagnostic[]>;
}

/** The program a document belongs to: its folder, or the document itself when it is not a file. */
export function programKey(uri: URI): string {
    return uri.scheme === 'file' ? UriUtils.dirname(uri).toString() : uri.toString();
}

type Documents = LangiumSharedCoreServices['workspace']['LangiumDocuments'];

/**
 * The documents of `program` (as `programKey` names it), whatever their state. Looks in the program's
 * folder only: walking every open document per build made each open cost time in proportion to how many
 * documents the server holds (45 ms per open once the corpus's 1,615 programs were open).
 */
export function programDocuments(documents: Documents, program: string): LangiumDocument[] {
    const uri = URI.parse(program);
    if (uri.scheme !== 'file') {
        const doc = documents.getDocument(uri);
        return doc ? [doc] : [];
    }
    // The folder's documents (Langium's store indexes them by folder), without those of its sub-folders:
    // each of them is a program of its own.
    return (documents as DefaultLangiumDocuments).getDocuments(uri).filter(d => programKey(d.uri) === program);
}

export class ProgramModelService {
    private readonly factsByRoot = new WeakMap<AstNode, FileFacts>();
    private readonly published = new Map<string, Published>();
    private readonly versions = new Map<string, number>();
    /** What validation last reported for each document, to tell which files a rebuild made stale. */
    private readonly reported = new Map<string, string>();
    private readonly documents: Documents;

    constructor(shared: LangiumSharedCoreServices, private readonly fileExtensions: readonly string[] = ['.hl']) {
        this.documents = shared.workspace.LangiumDocuments;
        const builder = shared.workspace.DocumentBuilder;
        // A deleted file can change what every other file of its program means: send them back through
        // linking and validation with the new model.
        builder.onUpdate((_changed, deleted) => {
            for (const uri of deleted) this.reported.delete(uri.toString());
            for (const program of new Set(deleted.map(programKey))) {
                for (const doc of programDocuments(this.documents, program)) {
                    if (doc.state > DocumentState.ComputedScopes) builder.resetToState(doc, DocumentState.ComputedScopes);
                }
            }
        });
        // Build each affected program's model once, after linking and before validation reads it.
        builder.onBuildPhase(DocumentState.IndexedReferences, (built) => {
            for (const program of new Set(built.filter(d => this.isHale(d)).map(d => programKey(d.uri)))) this.current(program);
        });
        // A change to one file can change another file's diagnostics (a topic gains its subscriber there).
        // Revalidating every other file of the program on each keystroke would double its cost, so only
        // the files whose model diagnostics did change are sent through validation again, in a follow-up
        // build queued like an edit (a newer edit cancels it and rebuilds them itself).
        builder.onBuildPhase(DocumentState.Validated, (built) => {
            const stale = this.staleSiblings(built);
            if (!stale.length) return;
            setTimeout(() => {
                void shared.workspace.WorkspaceLock.write(async (token) => {
                    for (const uri of stale) {
                        const doc = this.documents.getDocument(uri);
                        if (doc && doc.state > DocumentState.ComputedScopes) builder.resetToState(doc, DocumentState.ComputedScopes);
                    }
                    await builder.update([], [], token);
                });
            }, 0);
        });
    }

    /** The documents outside `built`, of the programs `built` touched, whose model diagnostics changed since validated. */
    private staleSiblings(built: readonly LangiumDocument[]): URI[] {
        const builtUris = new Set(built.map(d => d.uri.toString()));
        const programs = new Set(built.filter(d => this.isHale(d)).map(d => programKey(d.uri)));
        const stale: URI[] = [];
        for (const program of programs) {
            for (const doc of programDocuments(this.documents, program)) {
                const uri = doc.uri.toString();
                if (builtUris.has(uri) || !this.isHale(doc) || doc.state < DocumentState.Validated) continue;
                const now = signature(this.published.get(program)?.diagnostics.get(uri) ?? []);
                if (now !== (this.reported.get(uri) ?? '')) stale.push(doc.uri);
            }
        }
        return stale;
    }

    private isHale(doc: LangiumDocument): boolean {
        const path = doc.uri.path;
        return this.fileExtensions.some(ext => path.endsWith(ext));
    }

    private factsOf(doc: LangiumDocument): FileFacts {
        const root = doc.parseResult.value;
        let facts = this.factsByRoot.get(root);
        if (!facts) {
            facts = extractFacts(doc);
            this.factsByRoot.set(root, facts);
        }
        return facts;
    }

    /** The published model of `program`, rebuilt first if one of its files changed since. */
    private current(program: string): Published | undefined {
        const docs = programDocuments(this.documents, program).filter(d => this.isHale(d) && d.state >= DocumentState.Parsed);
        docs.sort((a, b) => (a.uri.toString() < b.uri.toString() ? -1 : 1));
        const roots = docs.map(d => d.parseResult.value);
        const old = this.published.get(program);
        if (old && old.roots.length === roots.length && old.roots.every((r, i) => r === roots[i])) return old;
        if (!docs.length) {
            this.published.delete(program);
            return undefined;
        }
        const version = (this.versions.get(program) ?? 0) + 1;
        this.versions.set(program, version);
        const model = buildProgramModel(program, docs.map(d => this.factsOf(d)), version);
        const diagnostics = new Map<string, ModelDiagnostic[]>();
        // Checks wait for a program that parses: upstream checks only what its parser accepts, and a
        // recovered tree says false things (a half-typed `publish` reads as an orphan).
        if (!model.hasSyntaxErrors) for (const d of runChecks(model)) {
            const list = diagnostics.get(d.site.uri) ?? [];
            list.push(d);
            diagnostics.set(d.site.uri, list);
        }
        const next: Published = { model, roots, diagnostics };
        this.published.set(program, next);
        return next;
    }

    /** The model of the program `uri` (a document or its folder) belongs to. */
    getModel(uri: URI | string): ProgramModel | undefined {
        const u = typeof uri === 'string' ? URI.parse(uri) : uri;
        return this.current(this.isHaleUri(u) ? programKey(u) : u.toString().replace(/\/$/, ''))?.model;
    }

    private isHaleUri(uri: URI): boolean {
        return this.fileExtensions.some(ext => uri.path.endsWith(ext));
    }

    /** The model's diagnostics anchored in document `uri`. */
    diagnosticsFor(uri: URI): readonly ModelDiagnostic[] {
        return this.current(programKey(uri))?.diagnostics.get(uri.toString()) ?? [];
    }

    /** Reports the model's diagnostics for one document through Langium's validation. */
    validate(program: Program, accept: ValidationAcceptor, document: LangiumDocument): void {
        const diagnostics = this.diagnosticsFor(document.uri);
        this.reported.set(document.uri.toString(), signature(diagnostics));
        for (const d of diagnostics) {
            accept(d.severity, d.message, {
                node: program, range: d.site.range, code: d.code,
                relatedInformation: d.related.map(r => ({ location: { uri: r.uri, range: r.range }, message: r.message })),
                data: d.data,
            });
        }
    }
}

function signature(diagnostics: readonly ModelDiagnostic[]): string {
    return diagnostics.length ? JSON.stringify(diagnostics.map(d => [d.code, d.site.range, d.message, d.related])) : '';
}
