/** Definition, references, highlights, symbols, folding, selection ranges and the call hierarchy, over stdio. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSymbol, Location, LocationLink, SelectionRange, WorkspaceSymbol } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from '../lsp-client.js';
import { SHOP, openProgram, programFolder } from './programs.js';

const at = (needle: string, nth = 0, delta = 1) => positionOf(SHOP, needle, nth, delta);
const lines = (locs: Array<Location | LocationLink> | Location | null) =>
    (Array.isArray(locs) ? locs : locs ? [locs] : []).map(l => ('targetRange' in l ? l.targetSelectionRange : l.range).start.line).sort((a, b) => a - b);

describe('navigation', () => {
    let client: LspClient;
    let uri: string;
    beforeAll(async () => {
        client = await LspClient.start();
        uri = await openProgram(client, SHOP);
    });
    afterAll(async () => { await client?.stop(); });

    it('goes to the declaration of a topic, a handler, a params field in a placement entry, a type, a fn, a local', async () => {
        expect(lines(await client.definition(uri, at('Orders <-')))).toEqual([at('topic Orders', 0, 6).line]);
        expect(lines(await client.definition(uri, at('as on_order', 0, 4)))).toEqual([at('fn on_order').line]);
        expect(lines(await client.definition(uri, at('gateway: pinned')))).toEqual([at('gateway: Gateway').line]);
        expect(lines(await client.definition(uri, at('Order { id: n')))).toEqual([at('type Order').line]);
        expect(lines(await client.definition(uri, at('check(o.qty)')))).toEqual([at('fn check').line]);
        expect(lines(await client.definition(uri, at('self.reg.bump', 0, 10)))).toEqual([at('fn bump').line]);
        const local = await client.definition(uri, at('id: n,', 0, 4)) as LocationLink[];
        expect(local[0].targetSelectionRange).toEqual({ start: at('let n', 0, 4), end: at('let n', 0, 5) });
    });

    it('finds every reference of a topic: declaration, publish, send, subscribe', async () => {
        const refs = await client.references(uri, at('topic Orders', 0, 7));
        expect(lines(refs)).toEqual([at('topic Orders').line, at('publish Orders').line, at('Orders <-').line, at('subscribe Orders').line]);
        const withoutDecl = await client.references(uri, at('topic Orders', 0, 7), false);
        expect(withoutDecl).toHaveLength(3);
    });

    it('finds a handler\'s `as` site with its method, and a params field\'s placement entry and self uses', async () => {
        expect(lines(await client.references(uri, at('fn on_order', 0, 4)))).toEqual([at('as on_order').line, at('fn on_order').line]);
        expect(lines(await client.references(uri, at('gateway: Gateway')))).toEqual([at('gateway: Gateway').line, at('gateway: pinned').line]);
        expect(lines(await client.references(uri, at('count: Int')))).toEqual([at('count: Int').line, at('self.count').line, at('self.count').line, at('self.count').line]);
    });

    it('highlights a symbol\'s sites in the file, the declaration as a write', async () => {
        const highlights = await client.documentHighlight(uri, at('Shipped <-'));
        expect(highlights?.map(h => h.range.start.line).sort((a, b) => a - b)).toEqual([at('topic Shipped').line, at('publish Shipped').line, at('Shipped <-').line, at('subscribe Shipped').line]);
        expect(highlights?.find(h => h.range.start.line === at('topic Shipped').line)?.kind).toBe(3);
    });

    it('lists document symbols: loci with params, bus members, hooks and methods; topics; types; fns', async () => {
        const symbols = await client.documentSymbols(uri) as DocumentSymbol[];
        const names = symbols.map(s => s.name);
        expect(names).toEqual(['Order', 'Light', 'Orders', 'Shipped', 'Registry', 'Gateway', 'Warehouse', 'Auditor', 'check', 'Shop', 'main']);
        const gateway = symbols.find(s => s.name === 'Gateway')!;
        expect(gateway.detail).toBe('locus');
        expect(gateway.children!.map(c => c.name)).toEqual(['port', 'reg', 'publish Orders', 'run']);
        const shop = symbols.find(s => s.name === 'Shop')!;
        expect(shop.detail).toBe('main locus');
        expect(shop.children!.find(c => c.name === 'warehouse')!.detail).toBe('Warehouse → cooperative(pool = io)');
        expect(symbols.find(s => s.name === 'Light')!.children!.map(c => c.name)).toEqual(['Red', 'Green']);
    });

    it('finds workspace symbols across programs', async () => {
        const found = await client.workspaceSymbols('Wareh') as WorkspaceSymbol[];
        expect(found.some(s => s.name === 'Warehouse' && 'range' in s.location && s.location.uri === uri)).toBe(true);
        const methods = await client.workspaceSymbols('on_shipped') as WorkspaceSymbol[];
        expect(methods.map(s => `${s.containerName}.${s.name}`)).toContain('Auditor.on_shipped');
    });

    it('folds blocks and comment runs, also in a file that does not parse', async () => {
        const ranges = await client.foldingRanges(uri);
        expect(ranges).toContainEqual({ startLine: at('locus Gateway').line, endLine: at('locus Warehouse').line - 3 });
        const broken = 'locus A {\n    // one\n    // two\n    run() {\n        let x = ;\n    }\n';
        const brokenUri = programFolder({ 'broken.hl': broken })['broken.hl'];
        await client.open(brokenUri, broken);
        const brokenRanges = await client.foldingRanges(brokenUri);
        expect(brokenRanges).toContainEqual({ startLine: 1, endLine: 2, kind: 'comment' });
        expect(brokenRanges).toContainEqual({ startLine: 3, endLine: 4 });
    });

    it('expands the selection from a name outwards through the syntax tree', async () => {
        const [sel] = await client.selectionRanges(uri, [at('self.reg.bump', 0, 10)]) as SelectionRange[];
        const chain: string[] = [];
        const textOf = (r: SelectionRange['range']) => {
            const ls = SHOP.split('\n');
            if (r.start.line === r.end.line) return ls[r.start.line].slice(r.start.character, r.end.character);
            return `${r.start.line}-${r.end.line}`;
        };
        for (let s: SelectionRange | undefined = sel; s; s = s.parent) chain.push(textOf(s.range));
        expect(chain[0]).toBe('bump');
        expect(chain).toContain('self.reg.bump');
        expect(chain).toContain('self.reg.bump(1)');
        expect(chain.at(-1)).toBe(`0-${SHOP.split('\n').length - 1}`);
    });

    it('walks the call graph: incoming and outgoing calls, std calls included', async () => {
        const [item] = (await client.prepareCallHierarchy(uri, at('fn check', 0, 4)))!;
        expect(item.name).toBe('check');
        const incoming = await client.incomingCalls(item);
        expect(incoming!.map(c => c.from.name)).toEqual(['Warehouse.on_order']);
        const [run] = (await client.prepareCallHierarchy(uri, at('run() {\n        while', 0, 1)))!;
        expect(run.name).toBe('Gateway.run');
        const outgoing = await client.outgoingCalls(run);
        expect(outgoing!.map(c => c.to.name).sort()).toEqual(['Registry.bump', 'std::io::tcp::recv_into', 'std::time::sleep']);
    });
});
