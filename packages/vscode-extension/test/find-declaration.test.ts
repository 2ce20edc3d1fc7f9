import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findDeclaration, withoutComments } from '../src/topology/find-declaration';
import type { LocateTarget } from '../src/topology/locate-target';

const corpus = fileURLToPath(new URL('../../../../shared/hale-corpus/', import.meta.url));
interface Label {
  id: string;
  bus_graph?: { subjects: Array<{ subject: string; publishers: Array<{ locus: string }>; subscribers: Array<{ locus: string; handler: string }> }> };
}
const labels: Label[] = readFileSync(`${corpus}labels.jsonl`, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));

function textAt(source: string, hit: { line: number; character: number; length: number }): string {
  return source.split('\n')[hit.line].slice(hit.character, hit.character + hit.length);
}

describe('finding a topology node\'s declaration in the program text', () => {
  it('finds every locus, topic and handler of every corpus bus graph, on the name itself', () => {
    let checked = 0;
    for (const l of labels.filter((l) => l.bus_graph)) {
      const source = readFileSync(`${corpus}programs/${l.id}.hl`, 'utf8');
      const code = withoutComments(source);
      for (const s of l.bus_graph!.subjects) {
        const targets: LocateTarget[] = [
          { kind: 'topic', name: s.subject },
          ...s.publishers.map((p): LocateTarget => ({ kind: 'locus', name: p.locus })),
          ...s.subscribers.flatMap((x): LocateTarget[] => [{ kind: 'locus', name: x.locus }, { kind: 'handler', locus: x.locus, name: x.handler }]),
        ];
        for (const target of targets) {
          const hit = findDeclaration(source, target);
          expect(hit, `${l.id}: ${JSON.stringify(target)}`).toBeDefined();
          const found = textAt(source, hit!);
          expect([target.name, `"${target.name}"`], `${l.id}: ${JSON.stringify(target)}`).toContain(found);
          // Not inside a comment.
          expect(textAt(code, hit!)).toBe(found);
          const line = source.split('\n')[hit!.line];
          if (target.kind === 'locus') expect(line).toMatch(new RegExp(`\\blocus\\s+${target.name}\\b`));
          if (target.kind === 'handler') expect(line).toMatch(new RegExp(`\\bfn\\s+${target.name}\\b`));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  const program = [
    '// locus Listener lives below; "topic Beats" is only a comment here',
    'topic Beats { payload: Beat; }',
    'locus Listener {',
    '    bus { subscribe Beats as on_beat; subscribe "log.//x" as on_log; }',
    '    fn on_beat(b: Beat) { }',
    '}',
    'locus Échoïste {',
    '    fn on_beat(b: Beat) { }',
    '}',
  ].join('\n');

  it('skips comments and reports UTF-16 positions', () => {
    expect(findDeclaration(program, { kind: 'locus', name: 'Listener' })).toEqual({ line: 2, character: 6, length: 8 });
    expect(findDeclaration(program, { kind: 'topic', name: 'Beats' })).toEqual({ line: 1, character: 6, length: 5 });
    expect(findDeclaration(program, { kind: 'locus', name: 'Échoïste' })).toEqual({ line: 6, character: 6, length: 8 });
  });

  it('finds a handler inside its own locus, and literal subjects with comment-like text', () => {
    expect(findDeclaration(program, { kind: 'handler', locus: 'Échoïste', name: 'on_beat' })).toEqual({ line: 7, character: 7, length: 7 });
    expect(findDeclaration(program, { kind: 'handler', locus: 'Listener', name: 'on_beat' })).toEqual({ line: 4, character: 7, length: 7 });
    expect(findDeclaration(program, { kind: 'topic', name: 'log.//x' })).toEqual({ line: 3, character: 48, length: 9 });
  });

  it('says nothing rather than guessing', () => {
    expect(findDeclaration(program, { kind: 'locus', name: 'List' })).toBeUndefined();
    expect(findDeclaration(program, { kind: 'handler', locus: 'Nowhere', name: 'on_beat' })).toBeUndefined();
    expect(findDeclaration('', { kind: 'topic', name: 'Beats' })).toBeUndefined();
  });
});
