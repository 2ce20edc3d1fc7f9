/** Semantic tokens over stdio: topics, loci, handlers, pools, params fields and std paths each told apart. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SemanticTokens, SemanticTokensDelta, SemanticTokensLegend } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from '../lsp-client.js';
import { SHOP, openProgram } from './programs.js';

interface Token { line: number; character: number; length: number; type: string; modifiers: string[] }

function decode(tokens: SemanticTokens, legend: SemanticTokensLegend): Token[] {
    const out: Token[] = [];
    let line = 0, character = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
        const [dl, dc, length, type, mods] = tokens.data.slice(i, i + 5);
        line += dl;
        character = dl ? dc : character + dc;
        out.push({ line, character, length, type: legend.tokenTypes[type], modifiers: legend.tokenModifiers.filter((_, b) => mods & (1 << b)) });
    }
    return out;
}

describe('semantic tokens', () => {
    let client: LspClient;
    let uri: string;
    let legend: SemanticTokensLegend;
    let tokens: Token[];
    beforeAll(async () => {
        client = await LspClient.start();
        legend = (client.initializeResult!.capabilities.semanticTokensProvider as { legend: SemanticTokensLegend }).legend;
        uri = await openProgram(client, SHOP);
        tokens = decode((await client.semanticTokens(uri))!, legend);
    });
    afterAll(async () => { await client?.stop(); });

    const tokenAt = (needle: string, nth = 0, delta = 0) => {
        const p = positionOf(SHOP, needle, nth, delta);
        return tokens.find(t => t.line === p.line && t.character === p.character);
    };

    it('declares a legend with Hale\'s own token types and the standard ones', () => {
        expect(legend.tokenTypes).toEqual(expect.arrayContaining(['topic', 'locus', 'handler', 'pool', 'property', 'function', 'namespace', 'type', 'enumMember']));
        expect(legend.tokenModifiers).toEqual(expect.arrayContaining(['declaration', 'defaultLibrary', 'params', 'main']));
    });

    it('tells topics, loci, handlers, pools, params fields and std paths apart', () => {
        expect(tokenAt('topic Orders', 0, 6)).toMatchObject({ type: 'topic', length: 6, modifiers: ['declaration'] });
        expect(tokenAt('Orders <-')).toMatchObject({ type: 'topic' });
        expect(tokenAt('subscribe Shipped', 0, 10)).toMatchObject({ type: 'topic' });
        expect(tokenAt('locus Gateway', 0, 6)).toMatchObject({ type: 'locus', modifiers: ['declaration'] });
        expect(tokenAt('main locus Shop', 0, 11)).toMatchObject({ type: 'locus', modifiers: ['declaration', 'main'] });
        expect(tokenAt('Gateway { port: 80 }')).toMatchObject({ type: 'locus' });
        expect(tokenAt('as on_order', 0, 3)).toMatchObject({ type: 'handler' });
        expect(tokenAt('fn on_order', 0, 3)).toMatchObject({ type: 'handler', modifiers: ['declaration'] });
        expect(tokenAt('fn bump', 0, 3)).toMatchObject({ type: 'method', modifiers: ['declaration'] });
        expect(tokenAt('pool = io', 0, 7)).toMatchObject({ type: 'pool', length: 2 });
        expect(tokenAt('port: Int')).toMatchObject({ type: 'property', modifiers: ['declaration', 'params'] });
        expect(tokenAt('gateway: pinned')).toMatchObject({ type: 'property', modifiers: ['params'] });
        expect(tokenAt('count + n', 0, 0)).toMatchObject({ type: 'property', modifiers: ['params'] });
    });

    it('splits a std path into library namespaces and the member', () => {
        const p = positionOf(SHOP, 'std::time::sleep');
        const line = tokens.filter(t => t.line === p.line && t.character >= p.character && t.character < p.character + 16);
        expect(line.map(t => [t.length, t.type, t.modifiers.join()])).toEqual([[3, 'namespace', 'defaultLibrary'], [4, 'namespace', 'defaultLibrary'], [5, 'function', 'defaultLibrary']]);
    });

    it('marks types, fields, variants, fns, parameters and locals', () => {
        expect(tokenAt('type Order', 0, 5)).toMatchObject({ type: 'struct', modifiers: ['declaration'] });
        expect(tokenAt('type Light', 0, 5)).toMatchObject({ type: 'enum' });
        expect(tokenAt('Red, Green')).toMatchObject({ type: 'enumMember', modifiers: ['declaration'] });
        expect(tokenAt('Light::Red;', 0, 7)).toMatchObject({ type: 'enumMember' });
        expect(tokenAt('qty: check')).toMatchObject({ type: 'property' });
        expect(tokenAt('check(o.qty)')).toMatchObject({ type: 'function' });
        expect(tokenAt('o.qty')).toMatchObject({ type: 'parameter' });
        expect(tokenAt('let n', 0, 4)).toMatchObject({ type: 'variable', modifiers: ['declaration'] });
        expect(tokenAt('Int;')).toMatchObject({ type: 'type', modifiers: ['defaultLibrary'] });
    });

    it('answers right behind a keystroke from the last snapshot, mapped through the edit, then asks for a refresh', async () => {
        const before = client.semanticTokensRefreshes;
        const edited = '// a line typed at the top\n' + SHOP;
        const rebuilt = client.change(uri, edited);
        const stale = decode((await client.semanticTokens(uri))!, legend);
        await rebuilt;
        const p = positionOf(edited, 'topic Orders', 0, 6);
        expect(stale.find(t => t.line === p.line && t.character === p.character)).toMatchObject({ type: 'topic' });
        // The refresh comes once the new snapshot is published, just after the diagnostics.
        for (let waited = 0; client.semanticTokensRefreshes === before && waited < 5000; waited += 20) await new Promise(r => setTimeout(r, 20));
        expect(client.semanticTokensRefreshes).toBeGreaterThan(before);
        await client.change(uri, SHOP);
    });

    it('answers a range request and a delta after an edit', async () => {
        const ranged = decode((await client.semanticTokensRange(uri, { start: positionOf(SHOP, 'locus Gateway'), end: positionOf(SHOP, 'locus Warehouse') }))!, legend);
        expect(ranged.length).toBeGreaterThan(10);
        expect(ranged.every(t => t.line >= positionOf(SHOP, 'locus Gateway').line && t.line <= positionOf(SHOP, 'locus Warehouse').line)).toBe(true);
        const full = await client.semanticTokens(uri);
        const edited = SHOP.replace('topic Shipped', 'topic Shipped2').replace('publish Shipped;', 'publish Shipped2;').replace('Shipped <-', 'Shipped2 <-').replace('subscribe Shipped', 'subscribe Shipped2');
        await client.change(uri, edited);
        const delta = await client.request<SemanticTokens | SemanticTokensDelta>('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: full!.resultId });
        expect('edits' in delta ? delta.edits.length : delta.data.length).toBeGreaterThan(0);
        await client.change(uri, SHOP);
    });
});
