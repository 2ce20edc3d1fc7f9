/**
 * Finds a locus, topic or handler in a program's text: the fallback of the topology view's click-to-open
 * when the server has no symbol for it (a literal subject such as `"log.app"` is no declaration).
 * Pure text: no editor API, so it is unit-tested over the corpus.
 */
import type { LocateTarget } from './locate-target';

export interface TextHit {
  /** 0-based line and UTF-16 column, as editors count them. */
  line: number;
  character: number;
  length: number;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Blanks comments (keeping offsets) so a name in a comment is not taken for the declaration. */
export function withoutComments(text: string): string {
  // Strings first, so `"//"` inside a string is not a comment; comments become spaces.
  return text.replace(/"(?:[^"\\\n]|\\.)*"|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m) => (m.startsWith('"') ? m : m.replace(/[^\n]/g, ' ')));
}

export function findDeclaration(raw: string, target: LocateTarget): TextHit | undefined {
  const text = withoutComments(raw);
  const name = escapeRegExp(target.name);
  let index = -1;
  let length = target.name.length;
  const find = (re: RegExp, from = 0): RegExpExecArray | null => {
    re.lastIndex = from;
    return re.exec(text);
  };
  if (target.kind === 'locus') {
    const m = find(new RegExp(`\\blocus\\s+(${name})(?![\\w])`, 'g'));
    if (m) index = m.index + m[0].length - target.name.length;
  } else if (target.kind === 'handler') {
    const locus = find(new RegExp(`\\blocus\\s+${escapeRegExp(target.locus)}(?![\\w])`, 'g'));
    const m = locus ? find(new RegExp(`\\bfn\\s+(${name})(?![\\w])`, 'g'), locus.index) : null;
    if (m) index = m.index + m[0].length - target.name.length;
  } else {
    const decl = find(new RegExp(`\\btopic\\s+(${name})(?![\\w])`, 'g'));
    // A topic declared in another module (`subscribe t::Tasks as ...`): its first use in a bus block.
    const use = decl ?? find(new RegExp(`\\b(?:publish|subscribe)\\s+(?:\\w+::)*(${name})(?![\\w])`, 'g'));
    if (use) index = use.index + use[0].length - target.name.length;
    else {
      // A literal subject: prefer its publish/subscribe line in a bus block, else its first use.
      const quoted = `"${target.name}"`;
      const bus = find(new RegExp(`\\b(?:publish|subscribe)\\s+${escapeRegExp(quoted)}`, 'g'));
      const any = bus ?? find(new RegExp(escapeRegExp(quoted), 'g'));
      if (any) {
        index = any.index + any[0].length - quoted.length;
        length = quoted.length;
      }
    }
  }
  if (index < 0) return undefined;
  const before = raw.slice(0, index);
  const line = before.split('\n').length - 1;
  return { line, character: index - (before.lastIndexOf('\n') + 1), length };
}
