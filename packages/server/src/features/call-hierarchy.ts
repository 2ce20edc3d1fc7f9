/**
 * Call hierarchy over the model's call graph: free fns, `self.method()`, `self.field.method()` into
 * another locus, and the `std::` calls a fn makes. Calls through handles and fn pointers are not in the
 * graph, as the placement checks do not follow them either.
 */
import type { LangiumDocument } from 'langium';
import type { CallHierarchyProvider } from 'langium/lsp';
import {
    SymbolKind, type CallHierarchyIncomingCall, type CallHierarchyIncomingCallsParams, type CallHierarchyItem, type CallHierarchyOutgoingCall,
    type CallHierarchyOutgoingCallsParams, type CallHierarchyPrepareParams, type CancellationToken, type Range,
} from 'vscode-languageserver';
import type { CallEdge, FnNode } from 'hale-language';
import type { EditorSnapshot, EditorSnapshots } from './editor-snapshots.js';
import type { HaleEditorServices } from './editor-module.js';
import { targetAt } from './lookup.js';
import { editorRange } from './navigation.js';
import { stdDoc } from './std-catalog.js';

interface ItemData { readonly key: string; readonly program: string }

export class HaleCallHierarchyProvider implements CallHierarchyProvider {
    private readonly snapshots: EditorSnapshots;

    constructor(services: HaleEditorServices) {
        this.snapshots = services.editor.Snapshots;
    }

    async prepareCallHierarchy(document: LangiumDocument, params: CallHierarchyPrepareParams, token?: CancellationToken): Promise<CallHierarchyItem[] | undefined> {
        const uri = document.uri.toString();
        await this.snapshots.current(uri, token);
        const target = targetAt(this.snapshots, uri, params.position);
        const key = target?.occurrence.key;
        if (!target || !key) return undefined;
        const nodeKey = fnNodeKey(key);
        const node = nodeKey ? target.view.snapshot.model.fnNodes.get(nodeKey) : undefined;
        if (!node) return undefined;
        const item = this.item(node, target.view.snapshot);
        return item ? [item] : undefined;
    }

    private item(node: FnNode, snapshot: EditorSnapshot): CallHierarchyItem | undefined {
        const range = editorRange(this.snapshots, { uri: node.uri, range: node.fn.range }, snapshot);
        const selection = editorRange(this.snapshots, { uri: node.uri, range: node.fn.nameRange }, snapshot);
        if (!range || !selection) return undefined;
        const data: ItemData = { key: node.key, program: snapshot.program };
        return {
            name: node.kind === 'method' ? `${node.locus}.${node.name}` : node.name,
            kind: node.kind === 'method' ? SymbolKind.Method : SymbolKind.Function,
            detail: node.kind === 'method' ? `locus ${node.locus}` : 'fn',
            uri: node.uri, range, selectionRange: selection, data,
        };
    }

    async incomingCalls(params: CallHierarchyIncomingCallsParams): Promise<CallHierarchyIncomingCall[] | undefined> {
        const snapshot = this.snapshots.snapshotFor(params.item.uri);
        const model = snapshot?.model;
        const key = (params.item.data as ItemData | undefined)?.key;
        if (!snapshot || !model || !key) return undefined;
        const byCaller = new Map<string, CallEdge[]>();
        for (const edge of model.calls) {
            const t = edge.target;
            const to = t.kind === 'fn' ? t.key : t.kind === 'field' ? t.key : undefined;
            if (to !== key) continue;
            byCaller.set(edge.from, [...(byCaller.get(edge.from) ?? []), edge]);
        }
        const out: CallHierarchyIncomingCall[] = [];
        for (const [from, edges] of byCaller) {
            const node = model.fnNodes.get(from);
            const item = node ? this.item(node, snapshot) : undefined;
            if (!item) continue;
            out.push({ from: item, fromRanges: ranges(this.snapshots, edges, snapshot) });
        }
        return out;
    }

    async outgoingCalls(params: CallHierarchyOutgoingCallsParams): Promise<CallHierarchyOutgoingCall[] | undefined> {
        const snapshot = this.snapshots.snapshotFor(params.item.uri);
        const model = snapshot?.model;
        const key = (params.item.data as ItemData | undefined)?.key;
        if (!snapshot || !model || !key) return undefined;
        const byCallee = new Map<string, CallEdge[]>();
        for (const edge of model.callsFrom.get(key) ?? []) {
            const t = edge.target;
            const to = t.kind === 'fn' ? t.key : t.kind === 'field' && t.key ? t.key : t.kind === 'std' ? `std:${t.path}` : undefined;
            if (to) byCallee.set(to, [...(byCallee.get(to) ?? []), edge]);
        }
        const out: CallHierarchyOutgoingCall[] = [];
        for (const [to, edges] of byCallee) {
            let item: CallHierarchyItem | undefined;
            if (to.startsWith('std:')) {
                // A std fn has no source here: the item points at the first call of it.
                const path = to.slice(4);
                const range = editorRange(this.snapshots, { uri: edges[0].uri, range: edges[0].call.range }, snapshot);
                if (range) item = { name: path, kind: SymbolKind.Function, detail: stdDoc(path).entry?.signature ?? 'std', uri: edges[0].uri, range, selectionRange: range, data: { key: to, program: model.program } };
            } else {
                const node = model.fnNodes.get(to);
                item = node ? this.item(node, snapshot) : undefined;
            }
            if (item) out.push({ to: item, fromRanges: ranges(this.snapshots, edges, snapshot) });
        }
        return out;
    }
}

function ranges(snapshots: EditorSnapshots, edges: readonly CallEdge[], snapshot: EditorSnapshot): Range[] {
    return edges.map(e => editorRange(snapshots, { uri: e.uri, range: e.call.range }, snapshot)).filter((r): r is Range => r !== undefined);
}

/** The call-graph key of a symbol: `fn:pump`, `Gateway::pull`. */
export function fnNodeKey(symbolKey: string): string | undefined {
    if (symbolKey.startsWith('fn:')) return symbolKey;
    if (symbolKey.startsWith('method:')) return symbolKey.slice('method:'.length);
    if (symbolKey.startsWith('hook:')) return symbolKey.slice('hook:'.length);
    return undefined;
}
