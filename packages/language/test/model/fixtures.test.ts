/**
 * Each check's edge cases, on the focused fixtures: exactly the expected diagnostics (code and line) and
 * nothing else, the expected placement and bus-graph rows, and the messages, related information and data
 * the editor shows and quick fixes read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-types';
import { busGraphAnswer, placementAnswer } from '../../src/model/answers.js';
import { fixturePrograms, loadFixtures, type FixtureProgram, type LoadedFixture } from './fixture-programs.js';

const programs = fixturePrograms();
let loaded: Map<string, LoadedFixture>;
beforeAll(async () => { loaded = await loadFixtures(programs); });

const modelDiagnostics = (f: LoadedFixture) => [...f.diagnostics].flatMap(([uri, list]) => list.filter(d => d.code !== 'hale.syntax').map(d => ({ uri, d })));

/** The 1-based line of the first line of a fixture containing `snippet`. */
function lineOf(fixture: string, snippet: string): number {
    const program = programs.find(p => p.name === fixture)!;
    for (const f of program.files) {
        const i = f.text.split('\n').findIndex(l => l.includes(snippet));
        if (i >= 0) return i + 1;
    }
    throw new Error(`no line with ${snippet} in ${fixture}`);
}

/** The diagnostic with `code` on the line containing `snippet` (any line without one). */
function find(fixture: string, code: string, snippet?: string): Diagnostic {
    const line = snippet === undefined ? undefined : lineOf(fixture, snippet);
    const all = modelDiagnostics(loaded.get(fixture)!).filter(x => x.d.code === code && (line === undefined || x.d.range.start.line + 1 === line));
    expect(all.length, `${code}${snippet ? ` on the line of ${snippet}` : ''} in ${fixture}`).toBeGreaterThan(0);
    return all[0].d;
}

const relatedLines = (fixture: string, d: Diagnostic) => d.relatedInformation!.map(r => `${r.location.range.start.line + 1}: ${r.message}`);

describe('fixtures: each diagnostic where expected, and no other', () => {
    it.each(programs.map(p => [p.name, p] as [string, FixtureProgram]))('%s', (name, program) => {
        const f = loaded.get(name)!;
        const syntax = [...f.diagnostics.values()].flat().filter(d => d.code === 'hale.syntax');
        if (name !== 'syntax-error') expect(syntax.map(d => d.message)).toEqual([]);
        const actual = modelDiagnostics(f).map(x => `${x.uri.split('/').pop()}:${x.d.range.start.line + 1} ${x.d.code}`).sort();
        const expected = program.expectations.flatMap(e => Array(e.count).fill(`${e.file.split('/').pop()}:${e.line} ${e.code}`)).sort();
        expect(actual).toEqual(expected);
        const placement = placementAnswer(f.model);
        for (const [field, text] of program.placements) expect(placement?.fields.find(x => x.field === field)?.placement, field).toBe(text);
        const bus = busGraphAnswer(f.model);
        for (const [subject, end, place] of program.subscribers) {
            const s = bus?.subjects.find(x => x.subject === subject);
            expect(s?.subscribers.find(x => `${x.locus}.${x.handler}` === end)?.placement, `${subject} ${end}`).toBe(place);
        }
        for (const [subject, reason] of program.reasons) expect(bus?.subjects.find(x => x.subject === subject)?.ineligibleReason).toBe(reason);
    });

    it('a program that does not parse gets its syntax errors and no model diagnostic', () => {
        const f = loaded.get('syntax-error')!;
        expect([...f.diagnostics.values()].flat().some(d => d.code === 'hale.syntax')).toBe(true);
        expect(modelDiagnostics(f)).toEqual([]);
        expect(f.model.subjects.map(s => s.subject)).toEqual(['Beats']); // the model itself is still built
    });
});

describe('messages, related information and data', () => {
    it('a blocking call names the first call of the chain and relates the placement entry and each hop', () => {
        const d = find('blocking-call-chains', 'hale.placement.blocking-call', 'self.pump()');
        expect(d.message).toContain('locus `Chained` (field `chained`) is placed `cooperative(pool = io)` and reaches the blocking call `self.pump() (which makes a blocking call)`');
        expect(d.message).toContain('Use `pinned`');
        expect(d.message).toContain('`cooperative(pool = io) where async_io`');
        const at = (snippet: string) => lineOf('blocking-call-chains', snippet);
        expect(relatedLines('blocking-call-chains', d)).toEqual([
            `${at('chained: cooperative')}: \`chained\` is placed \`cooperative(pool = io)\` here`,
            `${at('self.pump()')}: calls \`self.pump()\`, which reaches \`std::io::tls::recv_bytes\``,
            `${at('return outer(1)')}: calls \`outer()\`, which reaches \`std::io::tls::recv_bytes\``,
            `${at('return read_all(fd)')}: calls \`read_all()\`, which reaches \`std::io::tls::recv_bytes\``,
            `${at('recv_bytes(fd, 4096)')}: the blocking call \`std::io::tls::recv_bytes\``,
        ]);
        expect(d.data).toMatchObject({ field: 'chained', pool: 'io', blockingCall: 'std::io::tls::recv_bytes' });
    });

    it('a direct blocking call is named by its std path, and an unplaced field points at its declaration', () => {
        const [unplaced, onIo] = modelDiagnostics(loaded.get('blocking-call-placements')!).map(x => x.d)
            .sort((a, b) => a.message.localeCompare(b.message));
        expect(unplaced.message).toContain('locus `Reader` (field `default_reader`) is placed `cooperative(pool = main)` and reaches the blocking call `std::io::tcp::recv_into`');
        expect(unplaced.relatedInformation![0].message).toBe('`default_reader` has no placement entry: it runs on `cooperative(pool = main)`');
        expect(onIo.message).toContain('(field `reader`) is placed `cooperative(pool = io)`');
    });

    it('a dead receiver names its handlers and the blocking call, and is an error', () => {
        const d = find('dead-receiver', 'hale.placement.dead-receiver');
        expect(d.severity).toBe(1);
        expect(d.message).toMatch(/^locus `Listener` \(field `listener`\) subscribes to bus topics \(on_beat\) but its `run\(\)` makes the blocking call `std::io::tcp::recv_into` while placed `cooperative\(pool = ws\)`\./);
        expect(d.relatedInformation!.map(r => r.message)).toEqual(['`listener` is placed `cooperative(pool = ws)` here', 'subscription handled by `on_beat`, which can\'t fire']);
    });

    it('a handler on an async_io pool names the chain to the sleep', () => {
        const d = find('async-io-handlers', 'hale.placement.blocking-call');
        expect(d.message).toContain('`Slow::on_job` is placed on the async_io pool `io`, whose single worker it shares — but it reaches Slow::on_job -> nap [std::time::sleep].');
        expect(d.range.start.character).toBe('    fn '.length);
    });

    it('a cross-pool call names both placements, nested fields included, and relates the target entry', () => {
        const pinned = find('cross-pool-calls', 'hale.placement.cross-pool-call', 'self.gw.serve()');
        expect(pinned.message.split('.')[0]).toBe('cross-pool method call: `self');
        expect(pinned.message).toContain('`self.gw.serve` invokes a method on locus `Gateway` placed `pinned (at `gw`)`, but the enclosing locus `App` is placed `cooperative(pool = main)`');
        expect(pinned.relatedInformation![0].message).toBe('`gw` is placed `pinned(core = 1)` here');
        const nested = find('cross-pool-calls', 'hale.placement.cross-pool-call', 'self.io_gw.reg.bump()');
        expect(nested.message).toContain('`self.io_gw.reg.bump` invokes a method on locus `Registry` placed `cooperative(pool = io)`');
    });

    it('orphans say which end is missing, with upstream\'s wording for topics and literal subjects', () => {
        expect(find('orphan-topics', 'hale.bus.orphan-topic', 'topic Refunded').message).toBe('bus topic `Refunded` is declared but neither published nor subscribed — it\'s dead wiring.');
        expect(find('orphan-topics', 'hale.bus.orphan-topic', 'publish Shipped').message).toBe('bus topic `Shipped` is published but has no subscriber — the cells go nowhere. Add a `subscribe` for it, bind it to a transport, or drop the publish.');
        const literal = find('orphan-topics', 'hale.bus.orphan-topic', 'subscribe "returns"');
        expect(literal.message).toBe('bus subject `"returns"` is subscribed but never published — its handler can\'t fire. Add a `publish`, bind it to a transport, or drop the subscription.');
        expect(literal.range.start.character).toBe('        '.length); // the `subscribe` keyword
    });

    it('cycles name their subjects from the smallest one and relate every hop', () => {
        expect(find('bus-cycles', 'hale.bus.cycle', 'Next <- Step').message).toMatch(/^locus `Counter` has a re-entrant synchronous bus cycle `Next → Next`/);
        const across = find('bus-cycles', 'hale.bus.cycle', 'Pong <- Step');
        expect(across.severity).toBe(2);
        expect(across.message).toMatch(/^bus cycle `Ping → Pong → Ping` across loci \(Left, Right\)/);
        expect(across.relatedInformation!.map(r => r.message)).toEqual([
            '`Right` handles `Ping` with `on_ping`', '`Right.on_ping` publishes `Pong`',
            '`Left` handles `Pong` with `on_pong`', '`Left.on_pong` publishes `Ping`',
        ]);
    });

    it('a payload mismatch is anchored at the later site and relates the first', () => {
        const d = find('payload-mismatch', 'hale.bus.payload-mismatch');
        expect(d.message).toMatch(/^bus subject `"wire.sig"` is used with conflicting payload types: `Pulse` here vs `Tick` at another site\./);
        expect(d.relatedInformation![0].location.range.start.line + 1).toBe(lineOf('payload-mismatch', 'publish "wire.sig"'));
    });

    it('an unknown placement key suggests the params field it was probably meant to be', () => {
        const d = find('placement-block-errors', 'hale.placement.unknown-field');
        expect(d.message).toBe('placement entry `wrk`: `App` has no params field `wrk` (did you mean `w`?). Placement keys name the main locus\'s params fields (the instances to place), not locus types.');
        expect(d.data).toMatchObject({ field: 'wrk', suggestion: 'w' });
    });

    it('the placement map follows nesting and replicas through the instances', () => {
        const m = loaded.get('cross-pool-calls')!.model;
        const reg = m.instances.filter(i => i.locus === 'Registry').map(i => [i.topField, i.placement.kind === 'pinned' ? 'pinned' : i.placement.pool]);
        expect(reg).toEqual([['gw', 'pinned'], ['io_gw', 'io']]);
    });
});
