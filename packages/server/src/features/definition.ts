/**
 * Go to definition over the symbol index: a name's declaration (a topic, locus, type, fn, method, params
 * field, struct field, variant, local). A handler after `as` goes to its method; a literal subject or a
 * pool, which nothing declares, goes to every site that wires it.
 */
import type { LangiumDocument } from 'langium';
import type { DefinitionProvider } from 'langium/lsp';
import type { CancellationToken, DefinitionParams, LocationLink } from 'vscode-languageserver';
import type { EditorSnapshots } from './editor-snapshots.js';
import type { HaleEditorServices } from './editor-module.js';
import { targetAt } from './lookup.js';
import { editorRange } from './navigation.js';

export class HaleDefinitionProvider implements DefinitionProvider {
    private readonly snapshots: EditorSnapshots;

    constructor(services: HaleEditorServices) {
        this.snapshots = services.editor.Snapshots;
    }

    async getDefinition(document: LangiumDocument, params: DefinitionParams, token?: CancellationToken): Promise<LocationLink[] | undefined> {
        const uri = document.uri.toString();
        await this.snapshots.ready(uri, token);
        const target = targetAt(this.snapshots, uri, params.position);
        const key = target?.occurrence.key;
        if (!target || !key) return undefined;
        const entry = target.view.snapshot.index.symbols.get(key);
        if (!entry) return undefined;
        const sites = entry.declarations.length ? entry.declarations
            : entry.uses.filter(u => u.context === 'publish' || u.context === 'subscribe' || u.context === 'placement');
        const links: LocationLink[] = [];
        for (const site of sites) {
            const range = editorRange(this.snapshots, site, target.view.snapshot);
            if (range) links.push({ originSelectionRange: target.range, targetUri: site.uri, targetRange: range, targetSelectionRange: range });
        }
        return links.length ? links : undefined;
    }
}
