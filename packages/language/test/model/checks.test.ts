/**
 * The model on programs too large or too regular for a fixture: a dense bus (exponentially many cycles)
 * stays bounded, and the benchmark's generated program gets exactly its deliberate findings.
 */
import { describe, expect, it } from 'vitest';
import { generateProgram } from '../../bench/generate-program.js';
import { busGraphAnswer, placementAnswer } from '../../src/model/answers.js';
import { loadSources } from './fixture-programs.js';

describe('the model on large programs', () => {
    it('reports a bounded number of cycles on a dense bus', async () => {
        // 8 loci each subscribe all 8 topics and publish all of them: thousands of elementary cycles.
        const n = 8;
        const topics = Array.from({ length: n }, (_, i) => `topic T${i} { payload: Int; }`);
        const loci = Array.from({ length: n }, (_, i) => [
            `locus L${i} {`,
            `    bus { ${Array.from({ length: n }, (_, t) => `subscribe T${t} as on_t${t}; publish T${t};`).join(' ')} }`,
            ...Array.from({ length: n }, (_, t) => `    fn on_t${t}(v: Int) { if v > 0 { T${(t + i + 1) % n} <- v - 1; } }`),
            '}',
        ].join('\n'));
        const main = `main locus App { params { ${Array.from({ length: n }, (_, i) => `l${i}: L${i} = L${i} { };`).join(' ')} } }\nfn main() { App { }; }`;
        const f = await loadSources('dense', [{ name: 'dense.hl', text: [...topics, ...loci, main].join('\n') }]);
        const cycles = [...f.diagnostics.values()].flat().filter(d => d.code === 'hale.bus.cycle');
        expect(cycles.length).toBeGreaterThan(0);
        expect(cycles.length).toBeLessThanOrEqual(50);
        expect(cycles.every(d => d.severity === 2)).toBe(true);
    });

    it('finds exactly the generated program\'s deliberate findings', async () => {
        const g = generateProgram({ loci: 92, files: 10 });
        expect(g.lines).toBeGreaterThan(5000);
        const f = await loadSources('generated', g.files);
        const byCode = new Map<string, number>();
        for (const d of [...f.diagnostics.values()].flat()) byCode.set(String(d.code), (byCode.get(String(d.code)) ?? 0) + 1);
        // Workers 3, 20, 37, 54, 71, 88 block on a socket through a helper (a warning, never the
        // direct-only dead-receiver error); 88 is pinned (a multiple of 11), the others cooperative. The
        // one unused topic is dead wiring, and the ring of topics is one cross-locus cycle.
        expect(Object.fromEntries(byCode)).toEqual({
            'hale.placement.blocking-call': 5,
            'hale.bus.orphan-topic': 1,
            'hale.bus.cycle': 1,
        });
        expect(placementAnswer(f.model)!.fields).toHaveLength(92);
        expect(busGraphAnswer(f.model)!.subjects).toHaveLength(46 + 92);
    });

    it('records a send whatever the order of the loci that declare its subject', async () => {
        // The wildcard publisher sends "log.audit", a subject only the subscriber declared later names.
        const text = [
            'locus Writer {',
            '    bus { publish "log.**" of type Int; }',
            '    run() { "log.audit" <- 1; }',
            '}',
            'locus Auditor {',
            '    bus { subscribe "log.audit" as on_audit of type Int; }',
            '    fn on_audit(n: Int) { println(n); }',
            '}',
            'main locus App { params { w: Writer = Writer { }; a: Auditor = Auditor { }; } }',
            'fn main() { App { }; }',
        ].join('\n');
        const f = await loadSources('send-order', [{ name: 'app.hl', text }]);
        const audit = f.model.subjects.find(s => s.subject === 'log.audit');
        expect(audit?.sends.map(s => s.locus)).toEqual(['Writer']);
    });
});

