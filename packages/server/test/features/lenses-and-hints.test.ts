/** Code lenses (topic ends; Run and Debug) and inlay hints (resolved placements) over stdio. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Location } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from '../lsp-client.js';
import { SHOP, openProgram } from './programs.js';

describe('code lenses and inlay hints', () => {
    let client: LspClient;
    let uri: string;
    beforeAll(async () => {
        client = await LspClient.start();
        uri = await openProgram(client, SHOP);
    });
    afterAll(async () => { await client?.stop(); });

    it('puts `N subscribers · M publishers` over each topic, opening the list of their sites', async () => {
        const lenses = (await client.codeLenses(uri))!;
        const orders = lenses.find(l => l.range.start.line === positionOf(SHOP, 'topic Orders').line)!;
        expect(orders.command!.title).toBe('1 subscriber · 1 publisher');
        expect(orders.command!.command).toBe('editor.action.showReferences');
        const [target, position, locations] = orders.command!.arguments as [string, unknown, Location[]];
        expect(target).toBe(uri);
        expect(position).toEqual(positionOf(SHOP, 'Orders {', 0));
        expect(locations.map(l => l.range.start.line).sort((a, b) => a - b)).toEqual([positionOf(SHOP, 'publish Orders').line, positionOf(SHOP, 'subscribe Orders').line]);
    });

    it('counts several subscribers and no publisher', async () => {
        const text = 'type T { n: Int; }\ntopic Pings { payload: T; }\nlocus A { bus { subscribe Pings as on_a; } fn on_a(t: T) { } }\nlocus B { bus { subscribe Pings as on_b; } fn on_b(t: T) { } }\n';
        const other = await openProgram(client, text);
        const [lens] = (await client.codeLenses(other))!;
        expect(lens.command!.title).toBe('2 subscribers · 0 publishers');
    });

    it('puts Run and Debug over the main locus and fn main, and Topology over the main locus', async () => {
        const lenses = (await client.codeLenses(uri))!;
        const at = (needle: string) => lenses.filter(l => l.range.start.line === positionOf(SHOP, needle).line).map(l => [l.command!.title, l.command!.command, l.command!.arguments]);
        expect(at('main locus Shop')).toEqual([['▶ Run', 'hale.runFile', [uri]], ['Debug', 'hale.debugFile', [uri]], ['Topology', 'hale.showTopology', [uri]]]);
        expect(at('fn main')).toEqual([['▶ Run', 'hale.runFile', [uri]], ['Debug', 'hale.debugFile', [uri]]]);
    });

    it('offers only the commands a client says it implements', async () => {
        const limited = await LspClient.start({ initializationOptions: { clientCommands: ['hale.runFile'] } });
        try {
            const other = await openProgram(limited, SHOP);
            const titles = (await limited.codeLenses(other))!.map(l => l.command!.title);
            expect(titles.filter(t => t === '▶ Run')).toHaveLength(2);
            expect(titles).not.toContain('Debug');
            expect(titles).not.toContain('Topology');
            expect(titles).toContain('1 subscriber · 1 publisher');
        } finally {
            await limited.stop();
        }
    });

    it('shows the resolved placement after each main-locus field and each nested instance', async () => {
        const hints = (await client.inlayHints(uri, { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } }))!;
        const after = (needle: string) => {
            const p = positionOf(SHOP, needle, 0, needle.length);
            return hints.find(h => h.position.line === p.line && h.position.character === p.character)?.label;
        };
        expect(after('gateway: Gateway = Gateway { port: 80 };')).toBe('pinned');
        expect(after('warehouse: Warehouse = Warehouse { };')).toBe('cooperative(pool = io)');
        expect(after('auditor: Auditor = Auditor { };')).toBe('cooperative(pool = main)');
        expect(after('reg: Registry = Registry { };')).toBe('pinned');
        expect(hints.every(h => h.paddingLeft && h.tooltip)).toBe(true);
    });

    it('shows only the hints in the requested range', async () => {
        const line = positionOf(SHOP, 'auditor: Auditor').line;
        const hints = (await client.inlayHints(uri, { start: { line, character: 0 }, end: { line, character: 80 } }))!;
        expect(hints.map(h => h.label)).toEqual(['cooperative(pool = main)']);
    });
});
