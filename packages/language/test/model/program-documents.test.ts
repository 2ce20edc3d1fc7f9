/**
 * A program is its folder's `.hl` files: `programDocuments` finds them through the document store's folder
 * index (not by walking every document), and the store's flat `all` stays in step with adds and deletes.
 */
import { EmptyFileSystem, URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { createHaleCoreServices, programDocuments, programKey } from '../../src/index.js';

describe('the documents of a program', () => {
    it('are the files of its folder, not of its sub-folders, whatever the characters in the path', () => {
        const { shared } = createHaleCoreServices(EmptyFileSystem);
        const docs = shared.workspace.LangiumDocuments;
        const a = URI.file('/work/my prog é/a.hl');
        const b = URI.file('/work/my prog é/b.hl');
        const nested = URI.file('/work/my prog é/lib/c.hl');
        const other = URI.file('/work/other/d.hl');
        const untitled = URI.parse('untitled:Untitled-1.hl');
        for (const uri of [a, b, nested, other, untitled]) docs.createDocument(uri, 'fn main() {}\n');

        const paths = (program: string) => programDocuments(docs, program).map(d => d.uri.toString()).sort();
        expect(paths(programKey(a))).toEqual([a.toString(), b.toString()]);
        expect(paths(programKey(nested))).toEqual([nested.toString()]);
        expect(paths(programKey(untitled))).toEqual([untitled.toString()]);
        expect(paths(programKey(URI.file('/work/none/x.hl')))).toEqual([]);

        expect(docs.all.map(d => d.uri.toString()).toArray().sort()).toEqual([a, b, nested, other, untitled].map(String).sort());
        docs.deleteDocument(b);
        expect(paths(programKey(a))).toEqual([a.toString()]);
        docs.deleteDocuments(URI.file('/work/my prog é'));
        expect(docs.all.map(d => d.uri.toString()).toArray().sort()).toEqual([other, untitled].map(String).sort());
        expect(paths(programKey(a))).toEqual([]);
    });
});
