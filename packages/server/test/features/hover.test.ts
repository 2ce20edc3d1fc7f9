/** Hover through the bundled server: topics with their ends and placements, loci, fields, fns, types, std paths. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, positionOf } from '../lsp-client.js';
import { SHOP, openProgram, programFolder } from './programs.js';

const text_ = (hover: Awaited<ReturnType<LspClient['hover']>>) => text(hover);

function text(hover: Awaited<ReturnType<LspClient['hover']>>): string {
    const c = hover?.contents;
    return c && typeof c === 'object' && 'value' in c ? c.value : '';
}

/** The 1-based line of the first `needle` in SHOP, as hover links carry it (`#L12`). */
function lineOf(needle: string, nth = 0): number {
    return positionOf(SHOP, needle, nth).line + 1;
}

describe('hover', () => {
    let client: LspClient;
    let uri: string;
    beforeAll(async () => {
        client = await LspClient.start();
        uri = await openProgram(client, SHOP);
    });
    afterAll(async () => { await client?.stop(); });
    const hoverAt = async (needle: string, nth = 0, delta = 1) => text(await client.hover(uri, positionOf(SHOP, needle, nth, delta)));

    it('on a topic declaration: payload, wire subject, keyed_by, doc, each subscriber and publisher linked to its site', async () => {
        const h = await hoverAt('topic Orders', 0, 7);
        expect(h).toContain('payload `Order`');
        expect(h).toContain('wire subject `"shop.orders"`');
        expect(h).toContain('keyed by `region`');
        expect(h).toContain('Orders entering the shop.');
        expect(h).toContain('**Subscribers (1)**');
        expect(h).toContain(`[\`Warehouse.on_order\`](${uri}#L${lineOf('fn on_order')})`);
        expect(h).toContain(`at [app.hl:${lineOf('subscribe Orders')}](${uri}#L${lineOf('subscribe Orders')})`);
        expect(h).toContain('`cooperative(pool = io)` (Shop.warehouse)');
        expect(h).toContain('where key == `"eu"`');
        expect(h).toContain('**Publishers (1)**');
        expect(h).toContain(`[\`Gateway\`](${uri}#L${lineOf('publish Orders')})`);
        expect(h).toContain('`pinned` (Shop.gateway)');
        expect(h).toContain(`sends at [app.hl:${lineOf('Orders <-')}]`);
    });

    it('the same hover on a subscribe line (anywhere on it), a publish line and a send', async () => {
        const onDecl = await hoverAt('topic Orders', 0, 7);
        expect(await hoverAt('subscribe Orders', 0, 2)).toBe(onDecl);
        expect(await hoverAt('subscribe Orders', 0, 12)).toBe(onDecl);
        expect(await hoverAt('publish Orders', 0, 10)).toBe(onDecl);
        expect(await hoverAt('Orders <-', 0, 2)).toBe(onDecl);
        expect(await hoverAt('Orders <-', 0, 7)).toBe(onDecl);
    });

    it('on a literal subject string: its payload and both ends', async () => {
        const h = await hoverAt('"audit" as', 0, 2);
        expect(h).toContain('**bus subject** `"audit"`');
        expect(h).toContain('payload `Order`');
        expect(h).toContain('[`Warehouse.on_audit`]');
        expect(h).toContain('[`Auditor`]');
        expect(await hoverAt('"audit" <-', 0, 3)).toBe(h);
    });

    it('on a locus: params, bus interface, lifecycle hooks and where its instances run', async () => {
        const h = await hoverAt('locus Gateway', 0, 7);
        expect(h).toContain('locus Gateway');
        expect(h).toContain('`port`');
        expect(h).toContain('`Int`');
        expect(h).toContain('= `8080`');
        expect(h).toContain('`publish Orders`');
        expect(h).toContain('**lifecycle** [`run()`]');
        expect(h).toContain('[`Shop.gateway`]');
        expect(h).toContain('`pinned` · placement entry');
        const nested = await hoverAt('locus Registry', 0, 7);
        expect(nested).toContain('[`Shop.gateway.reg`]');
        expect(nested).toContain('`pinned` · inherited from `gateway`');
    });

    it('on a params field: type, default and resolved placement (explicit or default)', async () => {
        const placed = await hoverAt('gateway: Gateway', 0, 2);
        expect(placed).toContain('gateway: Gateway = Gateway { port: 80 }');
        expect(placed).toContain('**placement** `pinned` · set at');
        const byDefault = await hoverAt('auditor: Auditor', 0, 2);
        expect(byDefault).toContain('**placement** `cooperative(pool = main)` · default: no placement entry');
        const inPlacement = await hoverAt('warehouse: cooperative', 0, 2);
        expect(inPlacement).toContain('**placement** `cooperative(pool = io)`');
    });

    it('on a fn, a method and `self.x`: signature, fallible, what it handles', async () => {
        const fn = await hoverAt('check(o.qty)', 0, 1);
        expect(fn).toContain('fn check(q: Int) -> Int');
        expect(fn).toContain('free fn · not fallible');
        const handler = await hoverAt('fn on_order', 0, 4);
        expect(handler).toContain('fn on_order(o: Order)');
        expect(handler).toContain('**handles** [`Orders`]');
        const viaSelf = await hoverAt('self.reg.bump', 0, 10);
        expect(viaSelf).toContain('fn bump(n: Int) -> Int');
        expect(viaSelf).toContain('method of [`locus Registry`]');
        const field = await hoverAt('self.count + n', 0, 6);
        expect(field).toContain('count: Int = 0');
    });

    it('on a fn with decorators and a fallible result, with its doc comment', async () => {
        const text = 'type IoError { kind: String; }\n/// Loads a whole file.\n@hot\nfn load(path: String) -> String fallible(IoError) {\n    return std::io::fs::read_file(path);\n}\nfn main() { let s = load("x"); }\n';
        const other = await openProgram(client, text);
        const value = text_(await client.hover(other, positionOf(text, 'load("x")', 0, 1)));
        expect(value).toContain('@hot\nfn load(path: String) -> String fallible(IoError)');
        expect(value).toContain('fallible(`IoError`)');
        expect(value).toContain('Loads a whole file.');
    });

    it('on a type, a struct field and an enum variant', async () => {
        const t = await hoverAt('Order { id: n', 0, 1);
        expect(t).toContain('type Order {');
        expect(t).toContain('An order as it travels the bus.');
        expect(t).toContain('payload of `Orders`, `Shipped`, `"audit"`');
        expect(await hoverAt('qty: check', 0, 1)).toContain('qty: Int');
        const v = await hoverAt('Light::Red;', 0, 8);
        expect(v).toContain('Light::Red');
        expect(v).toContain('variant of [`enum Light`]');
    });

    it('on a std:: path: signature and a line of doc', async () => {
        const recv = await hoverAt('recv_into', 0, 2);
        expect(recv).toContain('fn recv_into(fd: Int, buf: Bytes, max_bytes: Int) -> Int');
        expect(recv).toContain('blocks the calling thread');
        const module = await hoverAt('std::time::sleep', 0, 6);
        expect(module).toContain('sleep(d: Duration)');
    });

    it('on a pool: the loci placed on it', async () => {
        const h = await hoverAt('pool = io', 0, 8);
        expect(h).toContain('**pool** `io`');
        expect(h).toContain('`warehouse: Warehouse`');
    });

    it('nothing on whitespace or a keyword outside a bus line', async () => {
        expect(await client.hover(uri, { line: 0, character: 0 })).toBeNull();
        expect(await hoverAt('while true', 0, 1)).toBe('');
    });

    it('lists the ends of a topic across the files of its program', async () => {
        const uris = programFolder({
            'a.hl': 'type Tick { n: Int; }\ntopic Ticks { payload: Tick; }\nlocus Clock {\n    bus { publish Ticks; }\n    run() { Ticks <- Tick { n: 1 }; }\n}\n',
            'b.hl': 'locus Display {\n    bus { subscribe Ticks as on_tick; }\n    fn on_tick(t: Tick) { }\n}\nmain locus App { params { clock: Clock = Clock { }; display: Display = Display { }; } }\nfn main() { App { }; }\n',
        });
        const a = 'type Tick { n: Int; }\ntopic Ticks { payload: Tick; }\nlocus Clock {\n    bus { publish Ticks; }\n    run() { Ticks <- Tick { n: 1 }; }\n}\n';
        await client.open(uris['a.hl'], a);
        const h = text(await client.hover(uris['a.hl'], positionOf(a, 'Ticks', 0, 1)));
        expect(h).toContain(`[\`Display.on_tick\`](${uris['b.hl']}#L3)`);
        expect(h).toContain(`[\`Clock\`](${uris['a.hl']}#L4)`);
    });

    it('answers at once from the last snapshot while the file is being edited, mapping positions through the edit', async () => {
        const edited = SHOP.replace('/// An order as it travels the bus.\n', '/// An order as it travels the bus.\n// a new comment line typed just now\n');
        // Send the change and hover in the same breath, without waiting for the rebuild.
        const rebuilt = client.change(uri, edited);
        const h = text(await client.hover(uri, positionOf(edited, 'topic Orders', 0, 7)));
        await rebuilt;
        expect(h).toContain('**topic** [`Orders`]');
        expect(h).toContain('[`Warehouse.on_order`]');
        // Right after the diagnostics the new text is parsed (unchanged declarations were moved in place)
        // while its snapshot may still be building: hovers stay right on both sides of the edit.
        expect(text(await client.hover(uri, positionOf(edited, 'Orders <-', 0, 2)))).toContain('**topic** [`Orders`]');
        expect(text(await client.hover(uri, positionOf(edited, 'type Order', 0, 6)))).toContain('type Order {');
        await client.change(uri, SHOP);
    });
});
