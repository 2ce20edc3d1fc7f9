/**
 * Keeps one program model per program (a folder of `.hl` files) in step with Langium's documents: facts
 * are extracted once per parse, the model is rebuilt once per build of the program, and the new snapshot
 * replaces the old one in a single assignment, so readers always see a whole model.
 */
import { DocumentState, URI, UriUtils, type AstNode, type LangiumDocument, type LangiumSharedCoreServices, type ValidationAcceptor } from 'langium';
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

export class ProgramModelService {
    private readonly factsByRoot = new WeakMap<AstNode, FileFacts>();
    private readonly published = new Map<string, Published>();
    private readonly versions = new Map<string, number>();
    private readonly documents: LangiumSharedCoreServices['workspace']['LangiumDocuments'];

    constructor(shared: LangiumSharedCoreServices, private readonly fileExtensions: readonly string[] = ['.hl']) {
        this.documents = shared.workspace.LangiumDocuments;
        const builder = shared.workspace.DocumentBuilder;
        // A change to one file can change what every file of its program means (a topic gains its
        // subscriber elsewhere): send the program's other files through linking and validation again.
        builder.onUpdate((changed, deleted) => {
            const programs = new Set([...changed, ...deleted].map(programKey));
            const changedUris = new Set(changed.map(u => u.toString()));
            for (const doc of this.documents.all) {
                if (!changedUris.has(doc.uri.toString()) && programs.has(programKey(doc.uri)) && doc.state > DocumentState.ComputedScopes) {
                    builder.resetToState(doc, DocumentState.ComputedScopes);
                }
            }
        });
        // Build each affected program's model once, after linking and before validation reads it.
        builder.onBuildPhase(DocumentState.IndexedReferences, (built) => {
            for (const program of new Set(built.filter(d => this.isHale(d)).map(d => programKey(d.uri)))) this.current(program);
        });
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
        const docs = this.documents.all.filter(d => this.isHale(d) && programKey(d.uri) === program && d.state >= DocumentState.Parsed).toArray();
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
        for (const d of this.diagnosticsFor(document.uri)) {
            accept(d.severity, d.message, {
                node: program, range: d.site.range, code: d.code,
                relatedInformation: d.related.map(r => ({ location: { uri: r.uri, range: r.range }, message: r.message })),
                data: d.data,
            });
        }
    }
}
