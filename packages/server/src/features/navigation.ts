/** Mapping snapshot sites to the editor's text, shared by the navigation features. */
import type { Location, Range } from 'vscode-languageserver';
import type { Site } from 'hale-language';
import type { EditorSnapshot, EditorSnapshots } from './editor-snapshots.js';

/**
 * A site of `snapshot` (by default the one read for its file) in the editor's current text; undefined
 * when an edit since has touched it.
 */
export function editorRange(snapshots: EditorSnapshots, site: Site, snapshot?: EditorSnapshot): Range | undefined {
    const view = snapshots.view(site.uri, snapshot ?? snapshots.snapshotFor(site.uri));
    return view ? view.toEditor(site.range) : site.range;
}

export function editorLocation(snapshots: EditorSnapshots, site: Site, snapshot?: EditorSnapshot): Location | undefined {
    const range = editorRange(snapshots, site, snapshot);
    return range ? { uri: site.uri, range } : undefined;
}
