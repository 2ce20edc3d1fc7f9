/**
 * Completion by context over stdio, on half-typed lines: each case edits the shop program at one place,
 * sends the text (which may not parse), and asks for completion at the end of the edit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionItem } from 'vscode-languageserver-protocol';
import { LspClient } from '../lsp-client.js';
import { SHOP, openProgram } from './programs.js';

describe('completion', () => {
    let client: LspClient;
    let uri: string;
    beforeAll(async () => {
        client = await LspClient.start();
        uri = await openProgram(client, SHOP);
    });
    afterAll(async () => { await client?.stop(); });

    /** Inserts `typed` after `anchor` in the shop program and completes at the end of it. */
    async function complete(anchor: string, typed: string, nth = 0): Promise<CompletionItem[]> {
        const at = SHOP.indexOf(anchor) >= 0 ? nthIndex(SHOP, anchor, nth) + anchor.length : -1;
        if (at < 0) throw new Error(`anchor ${anchor} not found`);
        const text = SHOP.slice(0, at) + typed + SHOP.slice(at);
        await client.change(uri, text);
        const before = text.slice(0, at + typed.length);
        const position = { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
        const items = await client.completion(uri, position);
        return items.sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
    }
    const labels = (items: CompletionItem[]) => items.map(i => i.label);

    it('offers declarations at the top level', async () => {
        const items = labels(await complete('fn main() { Shop { }; }\n', '\n'));
        expect(items).toEqual(expect.arrayContaining(['locus', 'main locus', 'topic', 'type', 'fn', 'const', 'import']));
        expect(labels(await complete('fn main() { Shop { }; }\n', '\nmain '))).toEqual(['locus']);
    });

    it('offers the members a locus does not have yet', async () => {
        const items = labels(await complete('locus Auditor {\n', '    '));
        expect(items).toEqual(expect.arrayContaining(['params', 'run', 'birth', 'fn']));
        expect(items).not.toContain('bus');
        expect(items).not.toContain('placement');
        expect(labels(await complete('main locus Shop {\n', '    '))).toEqual(expect.arrayContaining(['bindings', 'run']));
    });

    it('offers topics and literal subjects after subscribe and publish, ranked by use', async () => {
        const sub = await complete('    bus {\n        subscribe Shipped as on_shipped;\n', '        subscribe ');
        expect(labels(sub)).toEqual(expect.arrayContaining(['Orders', 'Shipped', '"audit"']));
        expect(sub.find(i => i.label === 'Orders')!.detail).toContain('payload Order');
        const partial = await complete('    bus {\n        subscribe Shipped as on_shipped;\n', '        subscribe Ord');
        const orders = partial.find(i => i.label === 'Orders')!;
        expect(orders.textEdit).toMatchObject({ newText: 'Orders' });
        expect((orders.textEdit as { range: { start: { character: number } } }).range.start.character).toBe(18);
        // Warehouse sends Shipped: once its `publish Shipped` is gone, publishing it is the first suggestion there.
        const withoutPublish = SHOP.replace('        publish Shipped;\n', '');
        await client.change(uri, withoutPublish);
        const typed = withoutPublish.replace('of type Order;\n', 'of type Order;\n        publish \n');
        await client.change(uri, typed);
        const line = typed.split('\n').findIndex(l => l === '        publish ');
        const pub = await client.completion(uri, { line, character: 16 });
        expect(pub.sort((a, b) => a.sortText!.localeCompare(b.sortText!))[0].label).toBe('Shipped');
    });

    it('offers handler names after `as`: a new on_<topic> and the locus\'s methods', async () => {
        const items = await complete('subscribe "audit" as on_audit of type Order;\n', '        subscribe Shipped as ');
        expect(labels(items)).toEqual(expect.arrayContaining(['on_shipped', 'on_order', 'on_audit']));
        expect(items[0].label).toBe('on_shipped');
        expect(labels(await complete('subscribe "audit" as on_audit of type Order;\n', '        subscribe Shipped as on_shipped '))).toEqual(['of type', 'bounded', 'where key ==']);
    });

    it('offers unplaced main-locus fields, then placement specs with the pools in use, then where async_io', async () => {
        const fields = await complete('        warehouse: cooperative(pool = io);\n', '        ');
        expect(fields[0].label).toBe('auditor');
        expect(labels(fields)).toEqual(expect.arrayContaining(['gateway', 'warehouse']));
        const specs = labels(await complete('        warehouse: cooperative(pool = io);\n', '        auditor: '));
        expect(specs).toEqual(expect.arrayContaining(['pinned', 'cooperative(pool = io)', 'cooperative(pool = main)', 'cooperative(pool = …) where async_io', 'pinned(core = …)']));
        expect(labels(await complete('        warehouse: cooperative(pool = io);\n', '        auditor: cooperative(pool = '))).toEqual(['io', 'main']);
        expect(labels(await complete('        warehouse: cooperative(pool = io);\n', '        auditor: cooperative(pool = io) '))).toEqual(['where async_io']);
        expect(labels(await complete('        warehouse: cooperative(pool = io);\n', '        auditor: cooperative(pool = io) where '))).toEqual(['async_io']);
    });

    it('offers self members, and the members of a locus held in a field', async () => {
        expect(labels(await complete('            self.reg.bump(1);\n', '            self.'))).toEqual(['port', 'reg']);
        const nested = await complete('            self.reg.bump(1);\n', '            self.reg.');
        expect(labels(nested)).toEqual(['count', 'bump']);
        expect(nested[1].textEdit).toMatchObject({ newText: 'bump($1)' });
    });

    it('offers std:: modules and the members of a module', async () => {
        const top = labels(await complete('            self.reg.bump(1);\n', '            std::'));
        expect(top).toEqual(expect.arrayContaining(['time', 'io', 'str', 'process']));
        const time = await complete('            self.reg.bump(1);\n', '            std::time::');
        expect(labels(time)).toEqual(expect.arrayContaining(['sleep', 'monotonic']));
        expect(time.find(i => i.label === 'sleep')!.detail).toBe('sleep(d: Duration)');
        expect(labels(await complete('            self.reg.bump(1);\n', '            std::io::'))).toEqual(expect.arrayContaining(['tcp', 'fs']));
    });

    it('offers the fields of a struct literal and of a locus literal', async () => {
        expect(labels(await complete('    fn on_audit(o: Order) { ', 'let x = Order { '))).toEqual(['id', 'qty']);
        expect(labels(await complete('    fn on_audit(o: Order) { ', 'let x = Order { id: 1, '))).toEqual(['id', 'qty']);
        expect(labels(await complete('    fn on_audit(o: Order) { ', 'let g = Gateway { '))).toEqual(['port', 'reg']);
    });

    it('offers statements and sends at the start of a statement, the payload literal after `<-`', async () => {
        const start = await complete('    fn on_audit(o: Order) { ', '');
        expect(start[0].label).toBe('Shipped');
        expect(start[0].textEdit).toMatchObject({ newText: 'Shipped <- ' });
        expect(labels(start)).toEqual(expect.arrayContaining(['let', 'if', 'while', 'o', 'self', 'check', 'std']));
        const payload = await complete('    fn on_audit(o: Order) { ', 'Shipped <- ');
        expect(payload[0].label).toBe('Order { … }');
        expect(payload[0].textEdit).toMatchObject({ newText: 'Order { id: ${1}, qty: ${2} }' });
    });

    it('offers types in type positions and annotations after @', async () => {
        const types = labels(await complete('    fn on_audit(o: Order) { ', 'let x: '));
        expect(types).toEqual(expect.arrayContaining(['Int', 'String', 'Order', 'Light', 'Gateway']));
        expect(labels(await complete('fn check(q: Int) -> Int {\n', ''))).toEqual(expect.arrayContaining(['let', 'q']));
        expect(labels(await complete('fn main() { Shop { }; }\n', '@'))).toEqual(expect.arrayContaining(['hot', 'no_block', 'effects']));
    });

    it('answers at every line of a file that starts with blank lines (no endless look-back)', async () => {
        const text = '\n\n    \nlocus A {\n    \n}\n';
        const other = await openProgram(client, text);
        for (let line = 0; line < 6; line++) expect(Array.isArray(await client.completion(other, { line, character: line === 2 || line === 4 ? 4 : 0 }))).toBe(true);
        expect((await client.completion(other, { line: 4, character: 4 })).map(i => i.label)).toContain('params');
    });

    it('answers on broken, unbalanced and non-ASCII text without failing', async () => {
        for (const typed of ['    subscribe "é', '{{{{', '}}}}', '    self..', '::', '"unterminated', '🎉 std::']) {
            const items = await complete('    bus {\n', typed);
            expect(Array.isArray(items)).toBe(true);
        }
        const empty = await complete('', '');
        expect(Array.isArray(empty)).toBe(true);
    });
});

function nthIndex(text: string, needle: string, nth: number): number {
    let i = -1;
    for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
    return i;
}
