/**
 * Hovering a subject of every corpus program that has a bus lists exactly the subscribers (`Locus.handler`)
 * and publishers (one per locus) of upstream's `hale/busGraph` answer for that program
 * (labels.jsonl, `bus_graph`). Each program is opened alone in its own folder, as it was labelled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from '../lsp-client.js';
import { corpusAvailable, corpusLabels, corpusProgram } from '../../../language/test/corpus.js';

interface BusGraph { subjects: Array<{ subject: string; publishers: Array<{ locus: string }>; subscribers: Array<{ locus: string; handler: string }> }> }

/** Where to hover for a subject: its topic declaration, else a publish/subscribe naming it, else a send. */
export function subjectSite(text: string, subject: string): number | undefined {
    const esc = subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const patterns = [
        new RegExp(`\\btopic\\s+(${esc})\\s*[:{]`, 'g'),
        new RegExp(`\\b(?:subscribe|publish)\\s+(?:[A-Za-z_]\\w*::)*("${esc}"|${/^\w+$/.test(subject) ? `\\b${esc}\\b` : '(?!)'})`, 'g'),
        new RegExp(`("${esc}"|\\b${/^\w+$/.test(subject) ? esc : '(?!)'}\\b)\\s*<-`, 'g'),
    ];
    for (const re of patterns) {
        for (let m = re.exec(text); m; m = re.exec(text)) {
            const at = m.index + m[0].indexOf(m[1]);
            const lineStart = text.lastIndexOf('\n', at) + 1;
            if (text.slice(lineStart, at).includes('//')) continue; // in a comment
            return at + 1;
        }
    }
    return undefined;
}

/** The `Locus.handler` subscribers and `Locus` publishers a hover lists. */
export function hoverEnds(markdown: string): { subscribers: string[]; publishers: string[] } {
    const section = (title: string) => {
        const start = markdown.indexOf(`**${title} (`);
        if (start < 0) return [];
        const lines = markdown.slice(start).split('\n').slice(1);
        const out: string[] = [];
        for (const line of lines) {
            if (!line.startsWith('- ')) break;
            const m = /^- \[`([^`]+)`\]/.exec(line);
            if (m) out.push(m[1]);
        }
        return out;
    };
    return { subscribers: section('Subscribers'), publishers: section('Publishers') };
}

function positionAt(text: string, offset: number): { line: number; character: number } {
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

describe.runIf(corpusAvailable())('topic hovers over the corpus', () => {
    let client: LspClient;
    beforeAll(async () => { client = await LspClient.start(); });
    afterAll(async () => { await client?.stop(); });

    it('list exactly the subscribers and publishers of upstream\'s hale/busGraph', async () => {
        const labels = corpusLabels().filter(l => l.parses && (l.bus_graph as BusGraph | null)?.subjects?.length);
        let subjects = 0, matched = 0, unlocated = 0;
        const mismatches: string[] = [];
        for (const label of labels) {
            const text = corpusProgram(label.id);
            const uri = `file:///corpus-hover/${label.id}/${label.id}.hl`;
            await client.open(uri, text);
            for (const s of (label.bus_graph as BusGraph).subjects) {
                subjects++;
                const at = subjectSite(text, s.subject);
                if (at === undefined) { unlocated++; mismatches.push(`${label.id} ${s.subject}: no site to hover`); continue; }
                const hover = await client.hover(uri, positionAt(text, at));
                const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
                const got = hoverEnds(value);
                const wantSubs = s.subscribers.map(x => `${x.locus}.${x.handler}`).sort();
                const wantPubs = [...new Set(s.publishers.map(x => x.locus))].sort();
                if (JSON.stringify(got.subscribers.sort()) === JSON.stringify(wantSubs) && JSON.stringify(got.publishers.sort()) === JSON.stringify(wantPubs)) matched++;
                else mismatches.push(`${label.id} ${s.subject}: got subs ${got.subscribers} pubs ${got.publishers}; upstream subs ${wantSubs} pubs ${wantPubs}`);
            }
        }
        console.log(`topic hovers: ${matched}/${subjects} subjects of ${labels.length} programs list upstream's ends exactly${unlocated ? ` (${unlocated} without a site to hover)` : ''}`);
        expect(mismatches.slice(0, 20)).toEqual([]);
        expect(matched).toBe(subjects);
    }, 120_000);
});
