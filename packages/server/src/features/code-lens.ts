/**
 * Code lenses: over each topic, `2 subscribers · 1 publisher`, opening the list of those sites
 * (`editor.action.showReferences`); over the `main locus` and `fn main`, `Run` and `Debug` (and over the
 * main locus `Topology`), commands the VS Code extension implements (`hale.runFile`, `hale.debugFile`,
 * `hale.showTopology`, with the file's URI). A client that lists the commands it implements
 * (`initializationOptions.clientCommands`) gets lenses for those only.
 */
import type { LangiumDocument } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CancellationToken, CodeLens, CodeLensParams, Location } from 'vscode-languageserver';
import type { BusSubjectInfo } from 'hale-language';
import type { EditorSnapshot, EditorSnapshots } from './editor-snapshots.js';
import type { HaleEditorServices } from './editor-module.js';
import { plural } from './lookup.js';
import { editorLocation } from './navigation.js';

export const RUN_COMMAND = 'hale.runFile';
export const DEBUG_COMMAND = 'hale.debugFile';
export const TOPOLOGY_COMMAND = 'hale.showTopology';
export const SHOW_REFERENCES_COMMAND = 'editor.action.showReferences';

export class HaleCodeLensProvider implements CodeLensProvider {
    private readonly snapshots: EditorSnapshots;
    /** The `hale.*` commands the client said it implements; undefined: all of them. */
    private clientCommands: ReadonlySet<string> | undefined;

    constructor(services: HaleEditorServices) {
        this.snapshots = services.editor.Snapshots;
        services.shared.lsp.LanguageServer.onInitialize(params => {
            const listed = (params.initializationOptions as { clientCommands?: unknown } | undefined)?.clientCommands;
            if (Array.isArray(listed)) this.clientCommands = new Set(listed.filter((c): c is string => typeof c === 'string'));
        });
    }

    private offers(command: string): boolean {
        return !command.startsWith('hale.') || !this.clientCommands || this.clientCommands.has(command);
    }

    async provideCodeLens(document: LangiumDocument, _params: CodeLensParams, token?: CancellationToken): Promise<CodeLens[] | undefined> {
        const uri = document.uri.toString();
        await this.snapshots.current(uri, token);
        const view = this.snapshots.view(uri);
        if (!view) return undefined;
        const model = view.snapshot.model;
        const lenses: CodeLens[] = [];
        for (const d of view.file.facts.decls) {
            const range = view.toEditor(d.nameRange);
            if (!range) continue;
            if (d.kind === 'topic') {
                const s = model.subjectIndex.get(d.name);
                const { title, locations } = topicLens(this.snapshots, s, view.snapshot);
                lenses.push({ range, command: { title, command: SHOW_REFERENCES_COMMAND, arguments: [uri, range.start, locations] } });
            } else if ((d.kind === 'locus' && d.isMain && model.mainLocus?.decl === d) || (d.kind === 'fnDecl' && d.name === 'main' && !d.modules.length)) {
                const commands: Array<[string, string]> = [['▶ Run', RUN_COMMAND], ['Debug', DEBUG_COMMAND]];
                if (d.kind === 'locus') commands.push(['Topology', TOPOLOGY_COMMAND]);
                for (const [title, command] of commands) if (this.offers(command)) lenses.push({ range, command: { title, command, arguments: [uri] } });
            }
        }
        return lenses;
    }
}

/** `2 subscribers · 1 publisher` (publishers counted per locus, as `hale/busGraph` lists them) and their sites. */
export function topicLens(snapshots: EditorSnapshots, s: BusSubjectInfo | undefined, snapshot: EditorSnapshot): { title: string; locations: Location[] } {
    const subscribers = s?.subscribers ?? [];
    const publishers = s?.publishers ?? [];
    const publisherLoci = new Set(publishers.map(p => p.locus));
    const locations = [...subscribers, ...publishers].map(e => editorLocation(snapshots, e.site, snapshot)).filter((l): l is Location => l !== undefined);
    return { title: `${plural(subscribers.length, 'subscriber')} · ${plural(publisherLoci.size, 'publisher')}`, locations };
}
