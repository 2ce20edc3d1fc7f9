/** Document highlights: the sites of the symbol under the cursor in this file, declarations as writes. */
import type { LangiumDocument } from 'langium';
import type { DocumentHighlightProvider } from 'langium/lsp';
import { DocumentHighlightKind, type CancellationToken, type DocumentHighlight, type DocumentHighlightParams } from 'vscode-languageserver';
import type { EditorSnapshots } from './editor-snapshots.js';
import type { HaleEditorServices } from './editor-module.js';
import { targetAt } from './lookup.js';

export class HaleDocumentHighlightProvider implements DocumentHighlightProvider {
    private readonly snapshots: EditorSnapshots;

    constructor(services: HaleEditorServices) {
        this.snapshots = services.editor.Snapshots;
    }

    async getDocumentHighlight(document: LangiumDocument, params: DocumentHighlightParams, token?: CancellationToken): Promise<DocumentHighlight[] | undefined> {
        const uri = document.uri.toString();
        await this.snapshots.ready(uri, token);
        const target = targetAt(this.snapshots, uri, params.position);
        const key = target?.occurrence.key;
        const entry = key ? target!.view.snapshot.index.symbols.get(key) : undefined;
        if (!target || !entry) return undefined;
        const out: DocumentHighlight[] = [];
        for (const site of [...entry.declarations, ...entry.uses]) {
            if (site.uri !== uri) continue;
            const range = target.view.toEditor(site.range);
            if (range) out.push({ range, kind: site.role === 'declaration' || site.context === 'placement' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read });
        }
        return out;
    }
}
