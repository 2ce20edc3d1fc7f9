/**
 * The program model through the bundled server over stdio, as an editor sees it: diagnostics with codes
 * and related information across the files of a program folder, republished in a file when another file
 * of its program changes, and the `hale/busGraph` / `hale/placement` requests.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, fileUri } from '../../../server/test/lsp-client.js';

const TOPICS = [
    'type Order { id: Int = 0; }',
    'topic Placed { payload: Order; }',
    '',
    'locus Shop {',
    '    bus { publish Placed; }',
    '    run() { Placed <- Order { id: 1 }; }',
    '}',
    '',
    'fn fetch() -> Int { return std::io::tcp::recv_into(0, 0, 64); }',
].join('\n');

const APP = [
    'locus Warehouse {',
    '    bus { subscribe Placed as on_placed; }',
    '    fn on_placed(o: Order) { }',
    '    run() { let n = fetch(); }',
    '}',
    '',
    'main locus App {',
    '    params { shop: Shop = Shop { }; warehouse: Warehouse = Warehouse { }; }',
    '    placement { warehouse: cooperative(pool = io); }',
    '}',
    '',
    'fn main() { App { }; }',
].join('\n');

describe('the program model over the bundled server', () => {
    let client: LspClient;
    let dir: string;
    let topicsUri: string;
    let appUri: string;
    beforeAll(async () => {
        client = await LspClient.start();
        dir = mkdtempSync(join(tmpdir(), 'hale-model-lsp-'));
        writeFileSync(join(dir, 'topics.hl'), TOPICS);
        writeFileSync(join(dir, 'app.hl'), APP);
        topicsUri = fileUri(join(dir, 'topics.hl'));
        appUri = fileUri(join(dir, 'app.hl'));
    });
    afterAll(async () => { await client?.stop(); });

    it('publishes a check with its code, severity and the related sites in the other file', async () => {
        const { diagnostics } = await client.open(appUri, APP);
        expect(diagnostics.map(d => [d.code, d.severity, d.range.start])).toEqual([
            ['hale.placement.blocking-call', 2, { line: 3, character: 20 }],
        ]);
        const [d] = diagnostics;
        expect(d.source).toBe('hale');
        expect(d.message).toContain('reaches the blocking call `fetch() (which makes a blocking call)` in its `run()`');
        expect(d.relatedInformation!.map(r => [r.location.uri, r.location.range.start.line, r.message])).toEqual([
            [appUri, 8, '`warehouse` is placed `cooperative(pool = io)` here'],
            [appUri, 3, 'calls `fetch()`, which reaches `std::io::tcp::recv_into`'],
            [topicsUri, 8, 'the blocking call `std::io::tcp::recv_into`'],
        ]);
    });

    it('answers hale/busGraph and hale/placement in upstream\'s shapes', async () => {
        const bus = await client.connection.sendRequest('hale/busGraph', { uri: appUri });
        expect(bus).toEqual({
            subjects: [{
                directCallEligible: false, ineligibleReason: null,
                publishers: [{ locus: 'Shop', payload: 'Order' }],
                staticDispatchEligible: true, subject: 'Placed',
                subscribers: [{ handler: 'on_placed', locus: 'Warehouse', payload: 'Order', placement: 'CrossPool("io")' }],
            }],
        });
        const placement = await client.connection.sendRequest('hale/placement', { textDocument: { uri: appUri } });
        expect(placement).toEqual({
            fields: [
                { explicit: false, field: 'shop', locus: 'Shop', placement: 'cooperative(pool = main)' },
                { explicit: true, field: 'warehouse', locus: 'Warehouse', placement: 'cooperative(pool = io)' },
            ],
            mainLocus: 'App',
        });
        await expect(client.connection.sendRequest('hale/placement', {})).rejects.toThrow(/expected `\{ uri \}`/);
    });

    it('republishes a file\'s diagnostics when another file of its program changes', async () => {
        await client.open(topicsUri, TOPICS);
        const republished = client.nextDiagnostics(appUri);
        // Shop no longer publishes: Warehouse's subscription becomes an orphan, reported in app.hl.
        await client.change(topicsUri, TOPICS.replace('    bus { publish Placed; }\n    run() { Placed <- Order { id: 1 }; }\n', ''));
        const { diagnostics } = await republished;
        expect(diagnostics.map(d => [d.code, d.range.start.line]).sort()).toEqual([
            ['hale.bus.orphan-topic', 1],
            ['hale.placement.blocking-call', 3],
        ]);
        const bus = await client.connection.sendRequest('hale/busGraph', { uri: appUri }) as { subjects: Array<{ publishers: unknown[] }> };
        expect(bus.subjects[0].publishers).toEqual([]);
    });

    it('goes quiet while the program does not parse, and comes back when it does', async () => {
        const broken = await client.change(appUri, APP.replace('as on_placed;', 'as'));
        expect(broken.diagnostics.every(d => d.code === 'hale.syntax')).toBe(true);
        const fixed = await client.change(appUri, APP);
        expect(fixed.diagnostics.map(d => d.code).sort()).toEqual(['hale.bus.orphan-topic', 'hale.placement.blocking-call']);
    });
});
