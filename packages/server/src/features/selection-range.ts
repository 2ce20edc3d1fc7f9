/**
 * Selection ranges (expand / shrink selection): from the word under the cursor out through every syntax
 * node that contains it, to the whole declaration and the file. Read from the parsed document's syntax
 * tree, which is document structure, not meaning.
 */
import { CstUtils, type LangiumDocument, type CstNode } from 'langium';
import type { Position, Range, SelectionRange } from 'vscode-languageserver';

export function selectionRanges(document: LangiumDocument, positions: readonly Position[]): SelectionRange[] {
    const root = document.parseResult.value.$cstNode;
    const text = document.textDocument;
    return positions.map(position => {
        const offset = text.offsetAt(position);
        const empty: SelectionRange = { range: { start: position, end: position } };
        if (!root) return empty;
        let leaf: CstNode | undefined = CstUtils.findLeafNodeAtOffset(root, offset);
        // At the end of a word the cursor is just after the token: prefer the token before it.
        if (!leaf || leaf.hidden || !/\w/.test(leaf.text)) leaf = CstUtils.findLeafNodeBeforeOffset(root, offset) ?? leaf;
        const ranges: Range[] = [];
        const push = (r: Range) => {
            const last = ranges[ranges.length - 1];
            if (!last || last.start.line !== r.start.line || last.start.character !== r.start.character || last.end.line !== r.end.line || last.end.character !== r.end.character) ranges.push(r);
        };
        for (let n: CstNode | undefined = leaf; n; n = n.container) push(n.range);
        push({ start: { line: 0, character: 0 }, end: text.positionAt(text.getText().length) });
        let result: SelectionRange | undefined;
        for (let i = ranges.length - 1; i >= 0; i--) result = { range: ranges[i], parent: result };
        return result ?? empty;
    });
}
