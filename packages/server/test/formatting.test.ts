/**
 * Formatting through the protocol: the bundled server, started over stdio as an editor starts it, answers
 * `textDocument/formatting` and `textDocument/rangeFormatting` with edits that make the canonical text.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'langium';
import {
    DocumentFormattingRequest, DocumentRangeFormattingRequest, ShowMessageNotification,
    type ShowMessageParams, type TextEdit,
} from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, fileUri } from './lsp-client.js';

const lines = (...l: string[]) => l.join('\n') + '\n';

const messy = lines(
    'locus Counter {',
    '  params { count: Int=0; }',
    'run() {',
    '        while self.count<3 {',
    '    self.count=self.count+1;   // step',
    '}',
    '  }',
    '}',
    '',
    '',
    '',
    'fn main() { Counter {}; }',
);
const canonical = lines(
    'locus Counter {',
    '    params { count: Int = 0; }',
    '    run() {',
    '        while self.count < 3 {',
    '            self.count = self.count + 1; // step',
    '        }',
    '    }',
    '}',
    '',
    'fn main() { Counter { }; }',
);

function apply(text: string, edits: TextEdit[]): string {
    return TextDocument.applyEdits(TextDocument.create('file:///x.hl', 'hale', 1, text), edits);
}

describe('formatting over stdio', () => {
    let client: LspClient;
    const messages: ShowMessageParams[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'hale-format-'));
    beforeAll(async () => {
        client = await LspClient.start();
        client.connection.onNotification(ShowMessageNotification.type, (m) => { messages.push(m); });
    });
    afterAll(async () => { await client?.stop(); });

    it('advertises document and range formatting', () => {
        const caps = client.initializeResult!.capabilities;
        expect(caps.documentFormattingProvider).toBeTruthy();
        expect(caps.documentRangeFormattingProvider).toBeTruthy();
    });

    it('formats a whole document to the canonical form, whatever the editor tab options', async () => {
        const uri = fileUri(join(dir, 'counter.hl'));
        await client.open(uri, messy);
        const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, {
            textDocument: { uri }, options: { tabSize: 2, insertSpaces: true },
        });
        expect(edits).not.toBeNull();
        expect(apply(messy, edits!)).toBe(canonical);

        // Formatting the result again changes nothing.
        await client.change(uri, canonical);
        const again = await client.connection.sendRequest(DocumentFormattingRequest.type, {
            textDocument: { uri }, options: { tabSize: 4, insertSpaces: true },
        });
        expect(again).toEqual([]);
    });

    it('formats only the lines of a range', async () => {
        const uri = fileUri(join(dir, 'range.hl'));
        await client.open(uri, messy);
        const edits = await client.connection.sendRequest(DocumentRangeFormattingRequest.type, {
            textDocument: { uri }, options: { tabSize: 4, insertSpaces: true },
            range: { start: { line: 3, character: 0 }, end: { line: 4, character: 10 } },
        });
        expect(edits!.length).toBeGreaterThan(0);
        for (const e of edits!) {
            expect(e.range.start.line).toBeGreaterThanOrEqual(3);
            expect(e.range.end.line).toBeLessThanOrEqual(4);
        }
        const result = apply(messy, edits!).split('\n');
        const before = messy.split('\n');
        expect(result.slice(0, 3)).toEqual(before.slice(0, 3));
        expect(result.slice(3, 5)).toEqual(['        while self.count < 3 {', '            self.count = self.count + 1; // step']);
        expect(result.slice(5)).toEqual(before.slice(5));
    });

    it('keeps UTF-16 positions right around non-ASCII text', async () => {
        const uri = fileUri(join(dir, 'emoji.hl'));
        const text = 'fn main() {\n  println("🎉 — ünïcode");   let x=1;  // “ok” 🎉\n}\n';
        await client.open(uri, text);
        const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, {
            textDocument: { uri }, options: { tabSize: 4, insertSpaces: true },
        });
        expect(apply(text, edits!)).toBe('fn main() {\n    println("🎉 — ünïcode"); let x = 1; // “ok” 🎉\n}\n');
        // The space before `let` is replaced after the emoji string, at its UTF-16 column.
        const line = text.split('\n')[1];
        expect(edits).toContainEqual({
            range: { start: { line: 1, character: line.indexOf(';') + 1 }, end: { line: 1, character: line.indexOf('let') } },
            newText: ' ',
        });
    });

    it('returns no edits for a file with syntax errors and tells the user why', async () => {
        const uri = fileUri(join(dir, 'broken.hl'));
        const broken = lines('fn main() {', '      let x = ', '}');
        await client.open(uri, broken);
        const before = messages.length;
        const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, {
            textDocument: { uri }, options: { tabSize: 4, insertSpaces: true },
        });
        expect(edits).toEqual([]);
        await expect.poll(() => messages.length, { timeout: 5000 }).toBeGreaterThan(before);
        const message = messages[messages.length - 1];
        expect(message.type).toBe(2); // Warning
        expect(message.message).toMatch(/broken\.hl not formatted: the file has syntax errors/);
    });
});
