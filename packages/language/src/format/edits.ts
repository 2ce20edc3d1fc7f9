/**
 * Gaps to LSP text edits. Each gap that changes becomes at most three edits, each within one stretch of
 * lines: the trailing whitespace of the line it starts on, the line breaks and blank lines in between, and
 * the indent of the line it ends on. That keeps edits minimal (an editor keeps cursors and folds) and lets
 * range formatting take exactly the edits that fall on the selected lines.
 */
import type { Position, Range, TextEdit } from 'vscode-languageserver-types';
import type { Gap } from './layout.js';

/** Offsets where lines start, counting `\n`, `\r\n` and a lone `\r` as LSP does. */
export function lineStarts(text: string): number[] {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    return starts;
}

export class PositionMap {
    readonly starts: number[];
    constructor(readonly text: string) { this.starts = lineStarts(text); }

    positionAt(offset: number): Position {
        const starts = this.starts;
        let lo = 0, hi = starts.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
        }
        return { line: lo, character: offset - starts[lo] };
    }

    offsetAt(position: Position): number {
        const starts = this.starts;
        if (position.line < 0) return 0;
        if (position.line >= starts.length) return this.text.length;
        const lineEnd = position.line + 1 < starts.length ? starts[position.line + 1] : this.text.length;
        return Math.min(starts[position.line] + Math.max(0, position.character), lineEnd);
    }
}

interface OffsetEdit { start: number; end: number; newText: string }

/** Splits one gap's replacement into per-line pieces; pieces that would not change anything are dropped. */
function splitGap(text: string, gap: Gap, out: OffsetEdit[]): void {
    const old = text.slice(gap.start, gap.end);
    if (old === gap.text) return;
    const firstBreak = old.search(/[\r\n]/);
    const newFirstBreak = gap.text.search(/[\r\n]/);
    if (firstBreak < 0 || newFirstBreak < 0) {
        // Within one line, or a gap at the end of the file that gains its line break: one edit.
        out.push({ start: gap.start, end: gap.end, newText: gap.text });
        return;
    }
    const lastBreakEnd = Math.max(old.lastIndexOf('\n'), old.lastIndexOf('\r')) + 1;
    const newLastBreakEnd = Math.max(gap.text.lastIndexOf('\n'), gap.text.lastIndexOf('\r')) + 1;
    // 1. whitespace at the end of the first line
    if (firstBreak > 0) out.push({ start: gap.start, end: gap.start + firstBreak, newText: '' });
    // 2. the line breaks, with any blank lines between them
    const oldBreaks = old.slice(firstBreak, lastBreakEnd);
    const newBreaks = gap.text.slice(newFirstBreak, newLastBreakEnd);
    if (oldBreaks !== newBreaks) out.push({ start: gap.start + firstBreak, end: gap.start + lastBreakEnd, newText: newBreaks });
    // 3. the indent of the last line
    const oldIndent = old.slice(lastBreakEnd);
    const newIndent = gap.text.slice(newLastBreakEnd);
    if (oldIndent !== newIndent) out.push({ start: gap.start + lastBreakEnd, end: gap.end, newText: newIndent });
}

/** The whole lines a range covers, as offsets [start, end): a selection ending at column 0 stops before that line. */
export function lineSpan(map: PositionMap, range: Range): { start: number; end: number } {
    let lastLine = range.end.line;
    if (range.end.character === 0 && range.end.line > range.start.line) lastLine--;
    const startLine = Math.max(0, Math.min(range.start.line, map.starts.length - 1));
    lastLine = Math.max(startLine, Math.min(lastLine, map.starts.length - 1));
    const start = map.starts[startLine];
    const end = lastLine + 1 < map.starts.length ? map.starts[lastLine + 1] : map.text.length;
    return { start, end };
}

export function gapsToOffsetEdits(text: string, gaps: Gap[], span?: { start: number; end: number }): OffsetEdit[] {
    const all: OffsetEdit[] = [];
    for (const gap of gaps) splitGap(text, gap, all);
    if (!span) return all;
    const atEnd = span.end === text.length;
    return all.filter(e => e.start >= span.start && e.end <= span.end && (e.start < span.end || (atEnd && e.start === span.end)));
}

export function applyOffsetEdits(text: string, edits: OffsetEdit[]): string {
    const parts: string[] = [];
    let at = 0;
    for (const e of edits) {
        parts.push(text.slice(at, e.start), e.newText);
        at = e.end;
    }
    parts.push(text.slice(at));
    return parts.join('');
}

export function toTextEdits(map: PositionMap, edits: OffsetEdit[]): TextEdit[] {
    return edits.map(e => ({ range: { start: map.positionAt(e.start), end: map.positionAt(e.end) }, newText: e.newText }));
}

export type { OffsetEdit };
