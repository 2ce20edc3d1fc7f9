/**
 * Folding ranges from the document's tokens: every `{ }`, `( )` and `[ ]` spanning lines, runs of line
 * comments, block comments, and the import block. Tokens, not the syntax tree, so that a half-typed file
 * still folds.
 */
import type { LangiumDocument, Lexer } from 'langium';
import type { FoldingRangeProvider } from 'langium/lsp';
import { FoldingRangeKind, type CancellationToken, type FoldingRange, type FoldingRangeParams } from 'vscode-languageserver';
import type { HaleEditorServices } from './editor-module.js';

export class HaleFoldingRangeProvider implements FoldingRangeProvider {
    private readonly lexer: Lexer;

    constructor(services: HaleEditorServices) {
        this.lexer = services.parser.Lexer;
    }

    getFoldingRanges(document: LangiumDocument, _params: FoldingRangeParams, _token?: CancellationToken): FoldingRange[] {
        const text = document.textDocument.getText();
        const { tokens, hidden = [] } = this.lexer.tokenize(text);
        const out: FoldingRange[] = [];
        const open: Array<{ image: string; line: number }> = [];
        const closing: Record<string, string> = { '}': '{', ')': '(', ']': '[' };
        for (const t of tokens) {
            const line = (t.startLine ?? 1) - 1;
            if (t.image === '{' || t.image === '(' || t.image === '[') open.push({ image: t.image, line });
            else if (closing[t.image]) {
                // Pop to the matching opener; a stray closer in broken code is skipped.
                let i = open.length - 1;
                while (i >= 0 && open[i].image !== closing[t.image]) i--;
                if (i < 0) continue;
                const o = open[i];
                open.length = i;
                // Keep the closing line visible: fold up to the line before it.
                if (line - 1 > o.line) out.push({ startLine: o.line, endLine: line - 1 });
            }
        }
        // Imports: the first import to the last one.
        const imports = tokens.filter(t => t.image === 'import');
        if (imports.length > 1) {
            const first = (imports[0].startLine ?? 1) - 1, last = (imports[imports.length - 1].startLine ?? 1) - 1;
            if (last > first) out.push({ startLine: first, endLine: last, kind: FoldingRangeKind.Imports });
        }
        // Comments: block comments over lines, and runs of consecutive line comments.
        let runStart = -1, runEnd = -1;
        const flush = () => { if (runStart >= 0 && runEnd > runStart) out.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Comment }); runStart = runEnd = -1; };
        for (const c of hidden) {
            const start = (c.startLine ?? 1) - 1, end = (c.endLine ?? c.startLine ?? 1) - 1;
            if (c.tokenType.name === 'ML_COMMENT') { flush(); if (end > start) out.push({ startLine: start, endLine: end, kind: FoldingRangeKind.Comment }); continue; }
            if (c.tokenType.name !== 'SL_COMMENT') continue;
            if (runStart >= 0 && start === runEnd + 1 && onlyCommentOnLine(text, c.startOffset)) runEnd = start;
            else { flush(); if (onlyCommentOnLine(text, c.startOffset)) runStart = runEnd = start; }
        }
        flush();
        return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
    }
}

function onlyCommentOnLine(text: string, offset: number): boolean {
    for (let i = offset - 1; i >= 0; i--) {
        const c = text.charCodeAt(i);
        if (c === 10 || c === 13) return true;
        if (c !== 32 && c !== 9) return false;
    }
    return true;
}
