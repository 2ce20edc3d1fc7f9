/** Mapping snapshot sites to the editor's text, shared by the navigation features. */
import type { Location, Range } from 'vscode-languageserver';
import type { Site } from 'hale-language';
import type { EditorSnapshots } from './editor-snapshots.js';

/** A snapshot site in the editor's current text (undefined when an edit since has touched it). */
export function editorRange(snapshots: EditorSnapshots, site: Site): Range | undefined {
    const view = snapshots.view(site.uri);
    return view ? view.toEditor(site.range) : site.range;
}

export function editorLocation(snapshots: EditorSnapshots, site: Site): Location | undefined {
    const range = editorRange(snapshots, site);
    return range ? { uri: site.uri, range } : undefined;
}
