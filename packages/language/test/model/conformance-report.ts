/**
 * Measures the program model against upstream's labels: every corpus program is parsed and validated alone
 * in its own folder, as the labels were made, with the same services the server uses, and compared on
 *   - the seven concurrency checks (program-level recall and precision per code, and exact matches of
 *     line:col + severity),
 *   - the `hale/busGraph` edges (subject, publisher locus / subscriber locus.handler) and the whole answer,
 *   - the `hale/placement` answer,
 *   - error-severity diagnostics on programs upstream reports no error for.
 */
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createHaleCoreServices } from '../../src/hale-module.js';
import { busGraphAnswer, placementAnswer, type BusGraphAnswer } from '../../src/model/answers.js';
import { CHECK_CODES, RESOLUTION_CODES as R } from '../../src/model/diagnostics.js';
import { corpusLabels, corpusProgram, type CorpusLabel } from '../corpus.js';

/** The corpus README's families: upstream's message → our code. */
export const FAMILIES: Array<[string, RegExp]> = [
    [CHECK_CODES.deadReceiver, /handlers can't fire|dead receiver|monopoli[sz]es the pool thread/i],
    [CHECK_CODES.blockingCall, /reaches the blocking call|A blocking call here stalls/i],
    [CHECK_CODES.crossPoolCall, /^cross-pool method call/i],
    [CHECK_CODES.orphanTopic, /published but has no subscriber|subscribed but never published|declared but neither published nor subscribed/i],
    [CHECK_CODES.cycle, /re-entrant synchronous bus cycle|^bus cycle /i],
    [CHECK_CODES.unthrottledPublish, /loop with no flow control/i],
    [CHECK_CODES.payloadMismatch, /conflicting payload types/i],
];

/** Upstream's name-resolution and placement-block messages → our codes (CHECKS.md §8). */
export const RESOLUTION_FAMILIES: Array<[string, RegExp]> = [
    [R.unknownTopic, /^(subscribe|publish) references unknown topic|^binding references unknown topic/],
    [R.unknownType, /^unknown type `.*` in struct\/locus literal/],
    [R.unknownPerspective, /serves unknown perspective/],
    [R.unknownLocus, /^(adapter|codec) binding for topic .*: (unknown locus|`.*` is not a locus|locus `.*` does not satisfy)/],
    [R.undeclaredSubject, /^bus send subject .* is not declared in locus/],
    [R.computedSubject, /^bus send with computed subject/],
    [R.sendOutsideLocus, /^bus send \(`<-`\) only valid inside a locus body/],
    [R.unroutedBinding, /^binding for topic .* (has no publisher or subscriber|is ambiguous)/],
    [R.topicParent, /declares unknown parent topic|parent chain forms a cycle/],
    [R.sharedWireSubject, /shares wire subject/],
    [R.multipleMain, /more than one `main` locus/],
    [R.notALocus, /^placement entry: field .* which is not a locus type/],
    [R.duplicateField, /^placement entry: duplicate field/],
    [R.asyncIoOnMain, /`where async_io` is not valid on pool `main`/],
    [R.poolAffinityOnMain, /cooperative affinity needs a named pool/],
    [R.emptyCoreSet, /selects no cores/],
    [R.unknownDomain, /references cache domain|needs a `topology \{ \}` block|references NUMA node/],
    [R.unknownField, /^placement entry `.*`: .* has no params field/],
];

export interface CodeScore { code: string; tp: number; fp: number; fn: number; exact: number; expected: number; recall: number; precision: number }

export interface ConformanceReport {
    programs: number;
    codes: CodeScore[];
    /** Programs (upstream parses) whose bus-graph edges equal upstream's. */
    busGraphEdges: { same: number; total: number; rate: number; mismatches: string[] };
    busGraphWhole: { same: number; total: number; rate: number; mismatches: string[] };
    placement: { same: number; total: number; rate: number; mismatches: string[] };
    /** Programs upstream reports no error for, on which we report none either. */
    noFalseError: { clean: number; total: number; rate: number; offenders: string[] };
    /** Family mismatches, for the report. */
    familyMismatches: string[];
    /** Resolution diagnostics, compared by exact line:col (diagnostic level). */
    resolution: Array<{ code: string; tp: number; fp: number; fn: number }>;
    resolutionMismatches: string[];
    /** Programs upstream reports no error for on which the model (not the parser) reports none. */
    noFalseModelError: { clean: number; total: number; rate: number; offenders: string[] };
    elapsedMs: number;
}

type Answer = BusGraphAnswer | null;

function edges(answer: Answer | undefined): string {
    const subjects = (answer?.subjects ?? []) as BusGraphAnswer['subjects'];
    return subjects.map(s => `${s.subject}|${s.publishers.map(p => p.locus).join(',')}|${s.subscribers.map(x => `${x.locus}.${x.handler}`).join(',')}`).join(' ; ');
}

const pos = (d: Diagnostic) => `${d.range.start.line + 1}:${d.range.start.character + 1}`;
const severity = (d: Diagnostic) => (d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'info');

export async function conformanceReport(options: { only?: (label: CorpusLabel) => boolean; batch?: number } = {}): Promise<ConformanceReport> {
    const start = performance.now();
    const labels = corpusLabels().filter(options.only ?? (() => true));
    const { shared, Hale } = createHaleCoreServices(EmptyFileSystem);
    const models = Hale.model.ProgramModels;
    const scores = new Map(FAMILIES.map(([code]) => [code, { code, tp: 0, fp: 0, fn: 0, exact: 0, expected: 0, recall: 0, precision: 0 }]));
    const report: ConformanceReport = {
        programs: labels.length, codes: [],
        busGraphEdges: { same: 0, total: 0, rate: 0, mismatches: [] }, busGraphWhole: { same: 0, total: 0, rate: 0, mismatches: [] },
        placement: { same: 0, total: 0, rate: 0, mismatches: [] }, noFalseError: { clean: 0, total: 0, rate: 0, offenders: [] },
        familyMismatches: [], elapsedMs: 0,
        resolution: RESOLUTION_FAMILIES.map(([code]) => ({ code, tp: 0, fp: 0, fn: 0 })), resolutionMismatches: [],
        noFalseModelError: { clean: 0, total: 0, rate: 0, offenders: [] },
    };
    const batch = options.batch ?? 200;
    for (let i = 0; i < labels.length; i += batch) {
        const slice = labels.slice(i, i + batch);
        const docs: LangiumDocument[] = slice.map(l => {
            const doc = shared.workspace.LangiumDocumentFactory.fromString(corpusProgram(l.id), URI.file(`/corpus/${l.id}/${l.id}.hl`));
            shared.workspace.LangiumDocuments.addDocument(doc);
            return doc;
        });
        await shared.workspace.DocumentBuilder.build(docs, { validation: true });
        slice.forEach((label, k) => {
            const doc = docs[k];
            const diagnostics = doc.diagnostics ?? [];
            const upstream = label.diagnostics ?? [];
            // Upstream's server answers only for programs its parser accepts; so do our comparisons.
            if (label.parses) {
                const model = models.getModel(doc.uri)!;
                const bus = busGraphAnswer(model);
                report.busGraphEdges.total++;
                if (edges(bus) === edges(label.bus_graph as Answer)) report.busGraphEdges.same++;
                else report.busGraphEdges.mismatches.push(`${label.id}\n    ours:     ${edges(bus)}\n    upstream: ${edges(label.bus_graph as Answer)}`);
                report.busGraphWhole.total++;
                if (JSON.stringify(bus) === JSON.stringify(label.bus_graph ?? null)) report.busGraphWhole.same++;
                else report.busGraphWhole.mismatches.push(`${label.id}\n    ours:     ${JSON.stringify(bus)}\n    upstream: ${JSON.stringify(label.bus_graph ?? null)}`);
                const placement = placementAnswer(model);
                report.placement.total++;
                if (JSON.stringify(placement) === JSON.stringify(label.placement ?? null)) report.placement.same++;
                else report.placement.mismatches.push(`${label.id}\n    ours:     ${JSON.stringify(placement)}\n    upstream: ${JSON.stringify(label.placement ?? null)}`);
            }
            if (!upstream.some(d => d.severity === 'error')) {
                report.noFalseError.total++;
                const errors = diagnostics.filter(d => d.severity === 1);
                if (!errors.length) report.noFalseError.clean++;
                else report.noFalseError.offenders.push(`${label.id}: ${pos(errors[0])} ${errors[0].code} ${errors[0].message.split('\n')[0].slice(0, 140)}`);
                report.noFalseModelError.total++;
                const modelErrors = errors.filter(d => d.code !== 'hale.syntax');
                if (!modelErrors.length) report.noFalseModelError.clean++;
                else report.noFalseModelError.offenders.push(`${label.id}: ${pos(modelErrors[0])} ${modelErrors[0].code} ${modelErrors[0].message.split('\n')[0].slice(0, 140)}`);
            }
            RESOLUTION_FAMILIES.forEach(([code, re], k) => {
                const s = report.resolution[k];
                const want = upstream.filter(d => re.test(d.message)).map(d => `${d.line}:${d.col}`);
                const got = diagnostics.filter(d => d.code === code).map(pos);
                for (const g of new Set(got)) if (want.includes(g)) s.tp++; else { s.fp++; report.resolutionMismatches.push(`${label.id} ${code} ours only ${g}`); }
                for (const w of new Set(want)) if (!got.includes(w)) { s.fn++; report.resolutionMismatches.push(`${label.id} ${code} upstream only ${w}`); }
            });
            for (const [code, re] of FAMILIES) {
                const s = scores.get(code)!;
                const want = upstream.filter(d => re.test(d.message)).map(d => `${d.line}:${d.col} ${d.severity}`);
                const got = diagnostics.filter(d => d.code === code).map(d => `${pos(d)} ${severity(d)}`);
                s.expected += want.length;
                for (const g of new Set(got)) if (want.includes(g)) s.exact++;
                if (got.length && want.length) s.tp++; else if (got.length) s.fp++; else if (want.length) s.fn++;
                const same = [...got].sort().join('|') === [...want].sort().join('|');
                if (!same) report.familyMismatches.push(`${label.id} ${code}\n    ours:     ${got.join(', ') || '-'}\n    upstream: ${want.join(', ') || '-'}`);
            }
        });
        for (const doc of docs) shared.workspace.LangiumDocuments.deleteDocument(doc.uri);
    }
    for (const s of scores.values()) {
        s.recall = s.tp + s.fn ? s.tp / (s.tp + s.fn) : 1;
        s.precision = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1;
        report.codes.push(s);
    }
    const rate = (a: number, b: number) => (b ? a / b : 1);
    report.busGraphEdges.rate = rate(report.busGraphEdges.same, report.busGraphEdges.total);
    report.busGraphWhole.rate = rate(report.busGraphWhole.same, report.busGraphWhole.total);
    report.placement.rate = rate(report.placement.same, report.placement.total);
    report.noFalseError.rate = rate(report.noFalseError.clean, report.noFalseError.total);
    report.noFalseModelError.rate = rate(report.noFalseModelError.clean, report.noFalseModelError.total);
    report.elapsedMs = performance.now() - start;
    return report;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function formatReport(r: ConformanceReport): string {
    const lines = [`program model vs upstream on ${r.programs} corpus programs (${(r.elapsedMs / 1000).toFixed(1)} s):`];
    for (const s of r.codes) {
        lines.push(`  ${s.code.padEnd(32)} recall ${pct(s.recall).padStart(6)}  precision ${pct(s.precision).padStart(6)}  (programs tp ${s.tp}, fp ${s.fp}, fn ${s.fn}; exact line:col+severity ${s.exact}/${s.expected})`);
    }
    lines.push(`  bus graph edges identical:     ${pct(r.busGraphEdges.rate)} (${r.busGraphEdges.same}/${r.busGraphEdges.total}); whole answer identical ${pct(r.busGraphWhole.rate)}`);
    lines.push(`  placement map identical:       ${pct(r.placement.rate)} (${r.placement.same}/${r.placement.total})`);
    lines.push(`  no false error where upstream reports none: ${pct(r.noFalseError.rate)} (${r.noFalseError.clean}/${r.noFalseError.total}); from the model alone ${pct(r.noFalseModelError.rate)} (${r.noFalseModelError.clean}/${r.noFalseModelError.total})`);
    lines.push('  resolution diagnostics (same line:col as upstream):');
    for (const s of r.resolution) lines.push(`    ${s.code.padEnd(34)} tp ${s.tp}, fp ${s.fp}, fn ${s.fn}`);
    return lines.join('\n');
}
