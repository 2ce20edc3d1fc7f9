/** The conformance corpus (../shared/hale-corpus): programs and what upstream said of each. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/hale-corpus');

export interface UpstreamDiagnostic { line: number; col: number; severity: 'error' | 'warning' | 'information' | 'hint'; message: string; code?: string }
export interface CorpusLabel {
    id: string; origin: string; kind: 'file' | 'doc' | 'embedded' | 'check'; lines: number;
    parses: boolean; parse_error?: string; diagnostics?: UpstreamDiagnostic[];
    bus_graph?: unknown; placement?: unknown; reference_server?: string;
}

export function corpusAvailable(): boolean {
    return existsSync(resolve(CORPUS_DIR, 'labels.jsonl'));
}

export function corpusLabels(): CorpusLabel[] {
    return readFileSync(resolve(CORPUS_DIR, 'labels.jsonl'), 'utf8').trim().split('\n').map(line => JSON.parse(line) as CorpusLabel);
}

export function corpusProgram(id: string): string {
    return readFileSync(resolve(CORPUS_DIR, 'programs', `${id}.hl`), 'utf8');
}
