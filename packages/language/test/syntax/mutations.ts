/** Corpus programs with random small edits (typos, stray braces, non-ASCII, unclosed strings and comments). */
import { corpusLabels, corpusProgram } from '../corpus.js';

const PIECES = ['{', '}', '(', ')', '<', '>', '"', 'f"', '\\', '/*', '*/', '//', '\n', '`', '@', '::', '..', 'é', '🎉', '\u0000', '\r',
    'locus ', 'fn ', 'main ', 'topic ', '<-', '=>', ';', ',', '.0', '0x', '1h', '.', ' '];

export function* mutatedCorpus(count: number, seed = 7): Generator<{ id: string; text: string }> {
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const programs = corpusLabels().filter(l => l.kind === 'file').map(l => ({ id: l.id, text: corpusProgram(l.id) }));
    for (let i = 0; i < count; i++) {
        const program = programs[Math.floor(random() * programs.length)];
        let text = program.text;
        for (let k = 0; k < 5; k++) {
            const at = Math.floor(random() * text.length);
            text = text.slice(0, at) + PIECES[Math.floor(random() * PIECES.length)] + text.slice(at + Math.floor(random() * 4));
        }
        yield { id: `${program.id}~${i}`, text };
    }
}
