/**
 * Inlay hints: where each locus instance runs. After every `main locus` params field holding a locus, its
 * resolved placement (`cooperative(pool = main)` when no entry places it); after each nested locus
 * instance (a params field of a locus type, or a locus made in a body), the placement it inherits.
 */
import type { LangiumDocument } from 'langium';
import type { InlayHintProvider } from 'langium/lsp';
import { InlayHintKind, MarkupKind, type CancellationToken, type InlayHint, type InlayHintParams, type Position } from 'vscode-languageserver';
import { placementSourceText, rangeContains, type LocusInstance, type ProgramModel } from 'hale-language';
import type { EditorSnapshots } from './editor-snapshots.js';
import type { HaleEditorServices } from './editor-module.js';
import { instancePath, placementOrigin } from './lookup.js';

export class HaleInlayHintProvider implements InlayHintProvider {
    private readonly snapshots: EditorSnapshots;

    constructor(services: HaleEditorServices) {
        this.snapshots = services.editor.Snapshots;
    }

    async getInlayHints(document: LangiumDocument, params: InlayHintParams, token?: CancellationToken): Promise<InlayHint[] | undefined> {
        const uri = document.uri.toString();
        await this.snapshots.current(uri, token);
        const view = this.snapshots.view(uri);
        if (!view) return undefined;
        const model = view.snapshot.model;
        // Instances by the place they are written: one hint per place, listing each distinct placement.
        const bySite = new Map<string, { at: Position; instances: LocusInstance[] }>();
        for (const inst of model.instances) {
            if (!inst.parent || inst.site.uri !== uri) continue;
            const at = hintPosition(model, inst);
            if (!at) continue;
            const key = `${at.line}:${at.character}`;
            const entry = bySite.get(key) ?? { at, instances: [] };
            entry.instances.push(inst);
            bySite.set(key, entry);
        }
        const hints: InlayHint[] = [];
        for (const { at, instances } of bySite.values()) {
            const position = view.toEditor({ start: at, end: at })?.start;
            if (!position || !rangeContains(params.range, position)) continue;
            const placements = [...new Set(instances.map(i => placementSourceText(i.placement)))];
            const label = placements.length === 1 ? placements[0] : instances.map(i => `${instancePath(i)}: ${placementSourceText(i.placement)}`).join(' | ');
            const tooltip = instances.slice(0, 6).map(i => `- \`${instancePath(i)}\`: \`${placementSourceText(i.placement)}\` (${placementOrigin(i)})`).join('\n');
            hints.push({ position, label: label, kind: InlayHintKind.Type, paddingLeft: true, tooltip: { kind: MarkupKind.Markdown, value: tooltip } });
        }
        return hints.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
    }
}

/** After the params field (`gw: Gateway = Gateway { };` ⟶ after `;`) or after a literal made in a body. */
function hintPosition(model: ProgramModel, inst: LocusInstance): Position | undefined {
    const owner = inst.parent?.info;
    if (!owner) return undefined;
    if (inst.field) {
        const p = owner.decl.params.find(x => x.name === inst.field && x.nameRange.start.line === inst.site.range.start.line && x.nameRange.start.character === inst.site.range.start.character);
        return p?.range.end;
    }
    for (const fn of [...owner.decl.methods, ...owner.decl.hooks]) {
        for (const lit of fn.body.literals) {
            if (lit.typeRange.start.line === inst.site.range.start.line && lit.typeRange.start.character === inst.site.range.start.character) return lit.range.end;
        }
    }
    void model;
    return undefined;
}
