/**
 * Find references over the symbol index: every site of the symbol under the cursor across the program's
 * files — a topic's publish, subscribe, send and binding sites, a method's `as handler` and `self.m()`
 * sites, a params field's placement entry and `self.x` uses.
 */
import type { LangiumDocument } from 'langium';
import type { ReferencesProvider } from 'langium/lsp';
import type { CancellationToken, Location, ReferenceParams } from 'vscode-languageserver';
import type { EditorSnapshots } from './editor-snapshots.js';
import type { HaleEditorServices } from './editor-module.js';
import { targetAt } from './lookup.js';
import { editorLocation } from './navigation.js';

export class HaleReferencesProvider implements ReferencesProvider {
    private readonly snapshots: EditorSnapshots;

    constructor(services: HaleEditorServices) {
        this.snapshots = services.editor.Snapshots;
    }

    async findReferences(document: LangiumDocument, params: ReferenceParams, token?: CancellationToken): Promise<Location[]> {
        const uri = document.uri.toString();
        await this.snapshots.current(uri, token);
        const target = targetAt(this.snapshots, uri, params.position);
        const key = target?.occurrence.key;
        const entry = key ? target!.view.snapshot.index.symbols.get(key) : undefined;
        if (!entry) return [];
        const sites = params.context.includeDeclaration ? [...entry.declarations, ...entry.uses] : entry.uses;
        return sites.map(s => editorLocation(this.snapshots, s, target!.view.snapshot)).filter((l): l is Location => l !== undefined);
    }
}
