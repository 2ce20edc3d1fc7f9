// Line-oriented JS output with source-map marks. Statements are emitted one line at a time; each line can
// carry the Hale position it came from, which becomes a mapping (generated line/column → `file.hl`
// line/column, plus the Hale name of the enclosing function at function starts). Runtime errors and the
// debugger then see Hale positions.

import { GenMapping, addMapping, setSourceContent, toEncodedMap } from '@jridgewell/gen-mapping';

export interface SrcPos {
    file: string;
    line: number; // 1-based
    column: number; // 0-based
    name?: string;
}

export class Out {
    private lines: string[] = [];
    private marks: { line: number; column: number; pos: SrcPos }[] = [];
    indent = 0;

    line(text: string, pos?: SrcPos | null): void {
        const pad = '    '.repeat(this.indent);
        if (pos) this.marks.push({ line: this.lines.length, column: pad.length, pos });
        this.lines.push(pad + text);
    }

    /** Append several lines (already indented relative to the current level). */
    lines_(texts: string[], pos?: SrcPos | null): void {
        for (let i = 0; i < texts.length; i++) this.line(texts[i], i === 0 ? pos : pos);
    }

    open(text: string, pos?: SrcPos | null): void {
        this.line(text, pos);
        this.indent++;
    }

    close(text = '}'): void {
        this.indent--;
        this.line(text);
    }

    get length(): number {
        return this.lines.length;
    }

    /** Splice another Out's lines in (keeping its marks). */
    append(o: Out): void {
        const base = this.lines.length;
        const pad = '    '.repeat(this.indent);
        for (const l of o.lines) this.lines.push(pad + l);
        for (const m of o.marks) this.marks.push({ line: base + m.line, column: m.column + pad.length, pos: m.pos });
    }

    toString(): string {
        return this.lines.join('\n') + '\n';
    }

    /** The source map for this output, with `lineOffset` lines of preamble before it. */
    sourceMap(file: string, sources: Map<string, string>, lineOffset = 0): string {
        const map = new GenMapping({ file });
        for (const [path, content] of sources) setSourceContent(map, path, content);
        for (const m of this.marks) {
            const mapping = {
                generated: { line: m.line + 1 + lineOffset, column: m.column },
                source: m.pos.file,
                original: { line: m.pos.line, column: m.pos.column },
            };
            if (m.pos.name) addMapping(map, { ...mapping, name: m.pos.name });
            else addMapping(map, mapping);
        }
        return JSON.stringify(toEncodedMap(map));
    }
}
