/**
 * Hale's hard keywords (tokens.md): words that are never names. Every other word the grammar uses is a
 * contextual keyword and stays usable as a name. The grammar's `AnyWord` rule lists exactly `Name` plus
 * these (a test holds the two in step).
 */
export const HARD_KEYWORDS: ReadonlySet<string> = new Set([
    'locus', 'perspective', 'type', 'const', 'fn', 'import', 'export', 'module', 'interface',
    'params', 'contract', 'bus', 'capacity', 'as_parent_for', 'indexed_by',
    'birth', 'accept', 'release', 'run', 'drain', 'dissolve', 'on_failure',
    'bulk', 'harmonic', 'resolution', 'projection', 'rich', 'chunked', 'recognition',
    'placement', 'cooperative', 'pinned', 'closure', 'epoch', 'persists_through', 'resets_on',
    'restart', 'restart_in_place', 'quarantine', 'reorganize', 'bubble',
    'expose', 'consume', 'inferred', 'subscribe', 'publish', 'on', 'of',
    'stable_when', 'serialize_as', 'let', 'mut', 'if', 'else', 'match', 'for', 'in', 'while',
    'return', 'break', 'continue', 'true', 'false', 'nil', 'tier', 'self', 'yield', 'terminate',
]);

const KINDS: Array<[ReadonlySet<string>, string]> = [
    [new Set(['birth', 'accept', 'release', 'run', 'drain', 'dissolve', 'on_failure']), 'a reserved lifecycle keyword'],
    [new Set(['restart', 'restart_in_place', 'quarantine', 'reorganize', 'bubble']), 'a reserved recovery keyword'],
];

/** "`run` is a reserved lifecycle keyword in Hale — pick another name", as upstream words it. */
export function reservedWordMessage(word: string, what: string): string {
    const kind = KINDS.find(([words]) => words.has(word))?.[1] ?? 'a reserved keyword';
    return `expected ${what}, but \`${word}\` is ${kind} in Hale — pick another name`;
}
