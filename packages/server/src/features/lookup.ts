/**
 * What the features share: finding the symbol at a position of the editor's text in the last snapshot,
 * the subject of a bus line or a send, locus instances and their placements, and Markdown links to sites.
 */
import type { Position, Range } from 'vscode-languageserver';
import {
    occurrenceAt, placementSourceText, rangeContains,
    type BusSubjectInfo, type LocusInfo, type LocusInstance, type Occurrence, type ProgramModel, type Site, type SymbolIndex,
} from 'hale-language';
import type { EditorSnapshots, FileView } from './editor-snapshots.js';

export interface Target {
    readonly view: FileView;
    /** The occurrence under the cursor (snapshot coordinates). */
    readonly occurrence: Occurrence;
    /** Its range in the editor's text. */
    readonly range: Range;
}

/** The name under the cursor, from the last snapshot (the position is mapped through edits made since). */
export function targetAt(snapshots: EditorSnapshots, uri: string, position: Position): Target | undefined {
    const preferred = snapshots.view(uri);
    const found = preferred && targetIn(preferred, uri, position);
    if (found) return found;
    // The last good snapshot may not reach a line typed since: try the latest one.
    const latest = snapshots.latest(uri);
    if (!preferred || latest === preferred.snapshot) return undefined;
    const view = snapshots.view(uri, latest);
    return view && targetIn(view, uri, position);
}

function targetIn(view: FileView, uri: string, position: Position): Target | undefined {
    const p = view.toSnapshot(position);
    if (!p) return undefined;
    const occurrence = occurrenceAt(view.snapshot.index, uri, p);
    if (!occurrence) return undefined;
    const range = view.toEditor(occurrence.range);
    if (!range) return undefined;
    return { view, occurrence, range };
}

/** The bus subject of the `publish`/`subscribe` member or the `<-` send around `p` (snapshot coordinates). */
export function subjectAround(index: SymbolIndex, uri: string, p: Position): { subject: BusSubjectInfo; range: Range } | undefined {
    const file = index.files.get(uri);
    // The innermost site: a send inside a member's range cannot happen, but keep the tightest anyway.
    let best: { subject: BusSubjectInfo; range: Range } | undefined;
    for (const site of file?.busSites ?? []) {
        if (!rangeContains(site.range, p)) continue;
        const subject = index.model.subjectIndex.get(site.subject);
        if (subject && (!best || rangeContains(best.range, site.range.start))) best = { subject, range: site.range };
    }
    return best;
}

/** Every instance of a locus type in the program's placement tree. */
export function instancesOf(model: ProgramModel, locus: LocusInfo): LocusInstance[] {
    return model.instances.filter(i => i.info === locus);
}

/** `App.gw.reg`: the path of fields from the main locus to an instance. */
export function instancePath(inst: LocusInstance): string {
    const parts: string[] = [];
    let i: LocusInstance | undefined = inst;
    while (i) {
        parts.unshift(i.parent ? (i.field ?? `${i.locus} { }`) : i.locus);
        i = i.parent;
    }
    return parts.join('.');
}

/** How an instance came by its placement: its own entry, its top field's entry, or the default. */
export function placementOrigin(inst: LocusInstance): string {
    if (inst.explicit) return 'placement entry';
    if (inst.depth > 1 && inst.topField) return `inherited from \`${inst.topField}\``;
    if (inst.depth > 1) return 'runs on its parent\'s thread';
    if (inst.parent && !inst.field) return 'made by the main locus: main pool';
    return 'default: no placement entry';
}

export function placementText(inst: LocusInstance): string {
    return placementSourceText(inst.placement);
}

// ---------------------------------------------------------------- Markdown

/** A link VS Code opens at the line: `file:///path/app.hl#L12`. */
export function siteUri(site: Site): string {
    return `${site.uri}#L${site.range.start.line + 1}`;
}

export function fileName(uri: string): string {
    const path = uri.replace(/[?#].*$/, '');
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

/** `[label](file:///…#L12)`; the label is code-formatted unless `plain`. */
export function link(label: string, site: Site, plain = false): string {
    return `[${plain ? escapeMarkdown(label) : '`' + label.replace(/`/g, '') + '`'}](${siteUri(site)})`;
}

/** `app.hl:12` linked. */
export function where(site: Site): string {
    return `[${escapeMarkdown(fileName(site.uri))}:${site.range.start.line + 1}](${siteUri(site)})`;
}

export function escapeMarkdown(text: string): string {
    return text.replace(/([\\`*_{}[\]<>()#+!|])/g, '\\$1');
}

export function code(text: string): string {
    const ticks = text.includes('`') ? '``' : '`';
    return `${ticks}${text}${ticks}`;
}

export function codeBlock(text: string): string {
    return '```hale\n' + text + '\n```';
}

export function plural(n: number, one: string, many = one + 's'): string {
    return `${n} ${n === 1 ? one : many}`;
}
