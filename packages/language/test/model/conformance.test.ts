/**
 * The program model against upstream's labels on the whole corpus: the seven concurrency checks
 * (program-level recall and precision per code), `hale/busGraph` and `hale/placement` answers, and no
 * false errors where upstream reports none. Bars from issue 3; the report is printed for CI logs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusAvailable } from '../corpus.js';
import { conformanceReport, formatReport, type ConformanceReport } from './conformance-report.js';

describe.skipIf(!corpusAvailable())('program model conformance on the corpus', () => {
    let report: ConformanceReport;
    beforeAll(async () => {
        report = await conformanceReport();
        console.log(formatReport(report));
    }, 300_000);

    it('each of the seven checks has recall and precision of at least 95% at program level', () => {
        const below = report.codes.filter(s => s.recall < 0.95 || s.precision < 0.95);
        expect(below.map(s => `${s.code}: recall ${s.recall}, precision ${s.precision}`), report.familyMismatches.join('\n')).toEqual([]);
    });

    it('bus graph edges and placement maps are identical to upstream\'s on at least 98% of programs', () => {
        expect(report.busGraphEdges.rate, report.busGraphEdges.mismatches.slice(0, 10).join('\n')).toBeGreaterThanOrEqual(0.98);
        expect(report.placement.rate, report.placement.mismatches.slice(0, 10).join('\n')).toBeGreaterThanOrEqual(0.98);
    });

    it('reports no error on at least 99% of the programs upstream reports no error for', () => {
        expect(report.noFalseError.rate, report.noFalseError.offenders.slice(0, 20).join('\n')).toBeGreaterThanOrEqual(0.99);
    });

    it('never adds a model error where upstream reports none, and its resolution diagnostics land where upstream\'s do', () => {
        expect(report.noFalseModelError.offenders).toEqual([]);
        const falsePositives = report.resolution.filter(s => s.fp > 0);
        expect(falsePositives, report.resolutionMismatches.join('\n')).toEqual([]);
    });
});
