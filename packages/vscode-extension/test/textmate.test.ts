// The TextMate grammar (syntaxes/hale.tmLanguage.json) tokenized by the engine VS Code itself uses
// (vscode-textmate on the Oniguruma WASM build), plus the language configuration's regexes.
//
// The corpus run is the broad check: every program must tokenize, and every top-level declaration
// must start with the rule stack back at the root — a string, comment or block left open by a wrong
// regex shows up as the next declaration starting inside it. The snippets pin down the scopes themes
// and the brief rely on.

import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vsctm from 'vscode-textmate';
import type { IGrammar, StateStack } from 'vscode-textmate';
import oniguruma from 'vscode-oniguruma';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const grammarFile = join(repo, 'syntaxes', 'hale.tmLanguage.json');
const grammarSource = join(repo, 'syntaxes', 'build-grammar.mjs');
const languageConfigurationFile = resolve(here, '../language-configuration.json');
const corpus = process.env.HALE_CORPUS ?? resolve(repo, '../shared/hale-corpus');

let grammar: IGrammar;

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'source.hale' ? vsctm.parseRawGrammar(readFileSync(grammarFile, 'utf8'), grammarFile) : null,
  });
  const loaded = await registry.loadGrammar('source.hale');
  if (!loaded) throw new Error(`could not load source.hale from ${grammarFile}`);
  grammar = loaded;
});

interface Token {
  text: string;
  line: number;
  start: number;
  end: number;
  scopes: string[];
}

/** Tokenizes a whole source text, as an editor would, line by line. */
function tokenize(source: string): { tokens: Token[]; end: StateStack } {
  const tokens: Token[] = [];
  let state = vsctm.INITIAL;
  source.split(/\r?\n/).forEach((text, line) => {
    const result = grammar.tokenizeLine(text, state);
    for (const t of result.tokens) {
      tokens.push({ text: text.slice(t.startIndex, t.endIndex), line, start: t.startIndex, end: t.endIndex, scopes: t.scopes });
    }
    state = result.ruleStack;
  });
  return { tokens, end: state };
}

/** The scopes open at a state: what an empty line tokenized from it would carry. */
function openScopes(state: StateStack): string {
  return grammar.tokenizeLine('', state).tokens[0]?.scopes.join(' ') ?? '?';
}

const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);

/**
 * The tokens covering the nth occurrence of `needle` in `source` (an occurrence that starts or ends
 * with a word character must not be part of a longer word: `n` does not occur in `and`). Fails when
 * a token straddles the needle's edges, so `500ms` must be its own token(s), not part of a larger one.
 */
function tokensOf(source: string, needle: string, nth = 0): Token[] {
  const lines = source.split(/\r?\n/);
  let seen = 0;
  for (let line = 0; line < lines.length; line++) {
    const text = lines[line];
    let at = text.indexOf(needle);
    while (at >= 0) {
      const end = at + needle.length;
      const standsAlone =
        !(isWordChar(needle[0]) && isWordChar(text[at - 1])) && !(isWordChar(needle[needle.length - 1]) && isWordChar(text[end]));
      if (standsAlone && seen++ === nth) {
        const covering = tokenize(source).tokens.filter((t) => t.line === line && t.end > at && t.start < end);
        expect(covering[0].start, `a token starts before "${needle}"`).toBe(at);
        expect(covering[covering.length - 1].end, `a token runs past "${needle}"`).toBe(end);
        return covering;
      }
      at = lines[line].indexOf(needle, at + 1);
    }
  }
  throw new Error(`"${needle}" (#${nth}) not in the snippet`);
}

/** The scopes of the single token that is exactly `needle`. */
function scopesOf(source: string, needle: string, nth = 0): string[] {
  const covering = tokensOf(source, needle, nth);
  expect(covering.map((t) => t.text), `"${needle}" is one token`).toEqual([needle]);
  return covering[0].scopes;
}

const has = (scopes: string[], prefix: string) => scopes.some((s) => s === prefix || s.startsWith(prefix + '.'));

function expectScope(source: string, needle: string, prefix: string, nth = 0) {
  const scopes = scopesOf(source, needle, nth);
  expect(has(scopes, prefix), `"${needle}" should be ${prefix}, got ${scopes.join(' ')}`).toBe(true);
}

function expectNotScope(source: string, needle: string, prefix: string, nth = 0) {
  const scopes = scopesOf(source, needle, nth);
  expect(has(scopes, prefix), `"${needle}" should not be ${prefix}, got ${scopes.join(' ')}`).toBe(false);
}

function expectBackAtRoot(source: string) {
  const { end } = tokenize(source);
  expect(openScopes(end)).toBe('source.hale');
  expect(end.depth).toBe(1);
}

// ------------------------------------------------------------------------------------------------

describe('the grammar file', () => {
  it('is what syntaxes/build-grammar.mjs generates (run `node syntaxes/build-grammar.mjs` after editing it)', async () => {
    const source = (await import(pathToFileURL(grammarSource).href)) as { render: () => string };
    expect(readFileSync(grammarFile, 'utf8')).toBe(source.render());
  });

  it('has only includes that resolve and regexes Oniguruma compiles', () => {
    interface RawRule {
      include?: string;
      match?: string;
      begin?: string;
      end?: string;
      while?: string;
      patterns?: RawRule[];
      captures?: Record<string, RawRule>;
      beginCaptures?: Record<string, RawRule>;
      endCaptures?: Record<string, RawRule>;
    }
    const raw = JSON.parse(readFileSync(grammarFile, 'utf8')) as { scopeName: string; patterns: RawRule[]; repository: Record<string, RawRule> };
    expect(raw.scopeName).toBe('source.hale');
    const names = new Set(Object.keys(raw.repository));
    const problems: string[] = [];
    const visit = (rule: RawRule, where: string) => {
      if (rule.include && rule.include !== '$self' && rule.include !== '$base') {
        if (!rule.include.startsWith('#') || !names.has(rule.include.slice(1))) problems.push(`${where}: include ${rule.include}`);
      }
      for (const key of ['match', 'begin', 'end', 'while'] as const) {
        const pattern = rule[key];
        if (typeof pattern !== 'string') continue;
        try {
          new oniguruma.OnigScanner([pattern]).dispose();
        } catch (error) {
          problems.push(`${where}.${key}: ${(error as Error).message}`);
        }
      }
      rule.patterns?.forEach((p, i) => visit(p, `${where}.patterns[${i}]`));
      for (const group of [rule.captures, rule.beginCaptures, rule.endCaptures]) {
        for (const [n, capture] of Object.entries(group ?? {})) visit(capture, `${where}.captures[${n}]`);
      }
    };
    raw.patterns.forEach((p, i) => visit(p, `patterns[${i}]`));
    for (const [name, rule] of Object.entries(raw.repository)) visit(rule, name);
    expect(problems).toEqual([]);
  });
});

describe('the corpus', () => {
  it('tokenizes all programs, every top-level declaration starting back at the root', () => {
    const programs = join(corpus, 'programs');
    expect(existsSync(programs), `the Hale corpus is expected at ${corpus} (or set HALE_CORPUS)`).toBe(true);
    const labels = new Map<string, { parses: boolean; parse_error?: string }>(
      readFileSync(join(corpus, 'labels.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { id: string; parses: boolean; parse_error?: string })
        .map((label) => [label.id, label]),
    );
    const files = readdirSync(programs).filter((f) => f.endsWith('.hl')).sort();
    expect(files.length).toBe(labels.size);
    expect(files.length).toBeGreaterThanOrEqual(1615);

    // A top-level declaration: a line starting with a declaration keyword or a decorator, at the
    // program's outermost indentation (embedded programs are indented as a whole).
    const declaration =
      /^(\s*)(?:@|(?:main\s+)?locus\b|fn\b|type\b|topic\b|interface\b|perspective\b|module\b|const\b|group\b|constitution\b|ring_layout\b|target\b|effect\b|import\b)/;
    // The upstream lexer's own errors: these programs must show an invalid token somewhere.
    const lexicalError = /^unexpected byte|\\x escape/;

    const problems: string[] = [];
    let lineCount = 0;
    let declarationsChecked = 0;
    const started = performance.now();
    for (const file of files) {
      const label = labels.get(file.replace(/\.hl$/, ''));
      if (!label) {
        problems.push(`${file}: not in labels.jsonl`);
        continue;
      }
      const lines = readFileSync(join(programs, file), 'utf8').split(/\r?\n/);
      const outermost = Math.min(...lines.map((l) => declaration.exec(l)?.[1].length ?? Infinity));
      let state = vsctm.INITIAL;
      let invalid: string | undefined;
      lines.forEach((text, i) => {
        const decl = declaration.exec(text);
        if (decl && decl[1].length === outermost) {
          declarationsChecked++;
          if (state.depth !== 1) {
            problems.push(`${file}:${i + 1} starts inside [${openScopes(state)}]: ${text.trim().slice(0, 60)}`);
          }
        }
        const result = grammar.tokenizeLine(text, state);
        for (const t of result.tokens) {
          if (!invalid && t.scopes.some((s) => s.startsWith('invalid.'))) {
            invalid = `${i + 1}:${t.startIndex + 1} ${JSON.stringify(text.slice(t.startIndex, t.endIndex))}`;
          }
        }
        state = result.ruleStack;
        lineCount++;
      });
      if (state.depth !== 1) problems.push(`${file}: ends inside [${openScopes(state)}]`);
      if (label.parses && invalid) problems.push(`${file}: upstream parses it, but ${invalid} is scoped invalid`);
      if (!label.parses && lexicalError.test(label.parse_error ?? '') && !invalid) {
        problems.push(`${file}: upstream's lexer rejects it (${label.parse_error}), but no token is scoped invalid`);
      }
    }
    const ms = performance.now() - started;
    console.log(`tokenized ${files.length} corpus programs (${lineCount} lines) in ${ms.toFixed(0)} ms; ${declarationsChecked} top-level declarations checked`);

    expect(problems.slice(0, 20)).toEqual([]);
    // The check above ran on real declarations, not on an empty match.
    expect(declarationsChecked).toBeGreaterThan(files.length);
  }, 120_000);
});

describe('comments and strings', () => {
  it('keeps a quote inside a // comment from opening a string', () => {
    const src = '// say "hi\nlet x = 1;';
    expectScope(src, ' say "hi', 'comment.line.double-slash');
    expectScope(src, 'x', 'variable.other.declaration');
    expectNotScope(src, 'x', 'string');
    expectBackAtRoot(src);
  });

  it('keeps // inside a string from starting a comment', () => {
    const src = 'let url = "http://example.com/*x*/"; let y = 2;';
    expectScope(src, 'http://example.com/*x*/', 'string.quoted.double');
    expectNotScope(src, 'http://example.com/*x*/', 'comment');
    expectScope(src, 'y', 'variable.other.declaration');
    expectNotScope(src, 'y', 'comment');
  });

  it('scopes /// as a doc comment, //// as an ordinary one, with code spans in docs', () => {
    const src = '/// Sends `Tick` on the bus.\n//// ----\nfn f() {}';
    expectScope(src, ' Sends ', 'comment.line.documentation');
    expectScope(src, '`Tick`', 'markup.inline.raw');
    expectScope(src, '// ----', 'comment.line.double-slash');
    expectNotScope(src, '// ----', 'comment.line.documentation');
  });

  it('does not nest block comments', () => {
    const src = '/* a /* b */ c */';
    expectScope(src, ' a /* b ', 'comment.block');
    expectNotScope(src, 'c', 'comment');
  });

  it('lets strings span lines, as the lexer does', () => {
    const src = 'let book = "[ {\\"px\\": 1.5},\n   {\\"px\\": 2} ]";\nfn after() {}';
    expectScope(src, '   {', 'string.quoted.double');
    expectScope(src, '\\"', 'constant.character.escape');
    expectScope(src, 'after', 'entity.name.function');
    expectBackAtRoot(src);
  });

  it('takes any \\xNN in bytes literals but only ASCII ones in strings', () => {
    const src = 'let b = b"\\xff\\x00"; let s = "\\x7f\\xff";';
    expectScope(src, 'b', 'storage.type.string', 1);
    expectScope(src, '\\xff', 'constant.character.escape', 0);
    expectScope(src, '\\x7f', 'constant.character.escape');
    expectScope(src, '\\xff', 'invalid.illegal', 1);
  });

  it('scopes time literals and field tags', () => {
    const src = 'type Level { px: Float `json:"px"`; }\nfn f() { let t = `2026-05-08T12:00:00Z`; }';
    expectScope(src, 'json', 'entity.other.attribute-name');
    expectScope(src, '"px"', 'string.quoted.double');
    expectScope(src, '2026-05-08T12:00:00Z', 'constant.other.time');
    expectBackAtRoot(src);
  });

  it('survives non-ASCII text in comments and strings', () => {
    const src = '// em — dash and ← arrow\nlet party = "🎉 ok — 完了"; let n = 1; // ✓\nfn after() {}';
    expectScope(src, ' em — dash and ← arrow', 'comment.line.double-slash');
    expectScope(src, '🎉 ok — 完了', 'string.quoted.double');
    expectScope(src, 'n', 'variable.other.declaration');
    expectScope(src, '1', 'constant.numeric');
    expectScope(src, 'after', 'entity.name.function');
    expectBackAtRoot(src);
  });

  it('marks non-ASCII outside strings and comments as invalid, and carries on', () => {
    const src = 'let a = 1 — 2; let b = 3;';
    expectScope(src, '—', 'invalid.illegal');
    expectScope(src, 'b', 'variable.other.declaration');
    expectScope(src, '3', 'constant.numeric');
  });
});

describe('f-strings', () => {
  it('scopes an interpolation as embedded Hale code', () => {
    const src = 'let s = f"total={n + 41} ok";';
    expectScope(src, '41', 'constant.numeric');
    expectScope(src, '41', 'meta.embedded');
    expectScope(src, 'n', 'meta.embedded');
    expectScope(src, '+', 'keyword.operator');
    expectScope(src, 'total=', 'string.quoted.double');
    expectNotScope(src, 'total=', 'meta.embedded');
    expectNotScope(src, ' ok', 'meta.embedded');
    expectScope(src, '{', 'punctuation.section.embedded');
    expectBackAtRoot(src);
  });

  it('treats {{ and }} as literal braces', () => {
    const src = 'let s = f"{{n}} = {n}";';
    expectScope(src, '{{', 'constant.character.escape');
    expectNotScope(src, 'n', 'meta.embedded', 0);
    expectScope(src, 'n', 'meta.embedded', 1);
  });

  it('tokenizes calls with escaped-quote strings inside an interpolation', () => {
    const src = 'println(f"[{std::str::trim(\\"  x \\")}]");\nfn after() {}';
    expectScope(src, 'trim', 'support.function');
    expectScope(src, 'trim', 'meta.embedded');
    expectScope(src, '  x ', 'string.quoted.double');
    expectScope(src, 'after', 'entity.name.function');
    expectNotScope(src, 'after', 'string');
    expectBackAtRoot(src);
  });

  it('ends the f-string at a bare quote even inside an unclosed interpolation', () => {
    const src = 'let s = f"{a"; let b = 1;';
    expectScope(src, 'b', 'variable.other.declaration');
    expectNotScope(src, 'b', 'string');
    expectBackAtRoot(src);
  });
});

describe('numbers', () => {
  const src = [
    'let a = 500ms + 1h30m + 5s;',
    'let b = 1.50d + 0.05d;',
    'let c = 0xFFu64 + 0o755 + 0b1010_1010 + 1_000_000 + 42i32;',
    'let d = 3.14 + 1.0e-3 + 2.5E+10 + 3.14f32;',
    'for i in 0..10 { }',
  ].join('\n');

  it.each(['500ms', '1h30m', '5s', '1.50d', '0.05d', '0xFFu64', '0o755', '0b1010_1010', '1_000_000', '42i32', '3.14', '1.0e-3', '2.5E+10', '3.14f32'])(
    '%s is one numeric literal',
    (literal) => {
      for (const t of tokensOf(src, literal)) {
        expect(has(t.scopes, 'constant.numeric'), `${t.text} in ${literal}: ${t.scopes.join(' ')}`).toBe(true);
      }
    },
  );

  it('tells durations and decimals apart', () => {
    expect(tokensOf(src, '500ms').every((t) => has(t.scopes, 'constant.numeric.duration'))).toBe(true);
    expect(tokensOf(src, '1.50d').every((t) => has(t.scopes, 'constant.numeric.decimal'))).toBe(true);
  });

  it('keeps a range from reading as a float', () => {
    expectScope(src, '..', 'keyword.operator.range');
    expectScope(src, '10', 'constant.numeric.integer', 1);
  });
});

describe('declarations', () => {
  it('names loci, main loci, functions and their parameters', () => {
    const src = 'locus Foo { }\nmain locus App { }\nfn bar(x: Int) -> Int { return x; }';
    expectScope(src, 'Foo', 'entity.name.type');
    expectScope(src, 'locus', 'storage.type');
    expectScope(src, 'main', 'storage.modifier');
    expectScope(src, 'App', 'entity.name.type');
    expectScope(src, 'bar', 'entity.name.function');
    expectScope(src, 'x', 'variable.parameter');
    expectScope(src, 'Int', 'support.type');
  });

  it('names records, enums and their members', () => {
    const src = 'type Pos { qty: Int = 0; }\ntype Event = enum { Tick(Int), Trade(Decimal, Int), Halt };';
    expectScope(src, 'Pos', 'entity.name.type');
    expectScope(src, 'qty', 'variable.other.property');
    expectScope(src, 'enum', 'storage.type');
    expectScope(src, 'Tick', 'variable.other.enummember');
    expectScope(src, 'Halt', 'variable.other.enummember');
    expectScope(src, 'Int', 'support.type', 2);
    expectBackAtRoot(src);
  });

  it('names topics, interfaces, perspectives, modules, consts and imports', () => {
    const src = [
      'import "lib/net.hl" as net;',
      'topic Ticks : Market { payload: Tick; subject: "ticks"; }',
      'interface Shape { fn area() -> Float; }',
      'perspective Router { fn route(code: Int) -> Int; }',
      'module geo { fn dist() -> Float { return 0.0; } }',
      'const MAX_N: Int = 1_000;',
    ].join('\n');
    expectScope(src, 'lib/net.hl', 'string.quoted.double');
    expectScope(src, 'net', 'entity.name.namespace', 1);
    expectScope(src, 'as', 'keyword.control');
    expectScope(src, 'topic', 'storage.type');
    expectScope(src, 'Ticks', 'entity.name.type');
    expectScope(src, 'payload', 'keyword.other');
    expectScope(src, 'Shape', 'entity.name.type');
    expectScope(src, 'area', 'entity.name.function');
    expectScope(src, 'Router', 'entity.name.type');
    expectScope(src, 'geo', 'entity.name.namespace');
    expectScope(src, 'dist', 'entity.name.function');
    expectScope(src, 'MAX_N', 'variable.other.constant');
    expectBackAtRoot(src);
  });

  it('names groups, constitutions, effects, targets and ring layouts', () => {
    const src = [
      'group wing = { Triage, ext::* } may_be_empty;',
      'constitution Dev extends Core { tenant_iso: forbid reaches(billing, research); }',
      'effect money;',
      'target wasm { time.monotonic }',
      'ring_layout Foreign { magic 0x52; cursor pub { at 64; } }',
    ].join('\n');
    expectScope(src, 'group', 'storage.type');
    expectScope(src, 'wing', 'entity.name.type');
    expectScope(src, 'may_be_empty', 'storage.modifier');
    expectScope(src, 'Dev', 'entity.name.type');
    expectScope(src, 'extends', 'storage.modifier');
    expectScope(src, 'forbid', 'keyword.other');
    expectScope(src, 'money', 'entity.name.type');
    expectScope(src, 'wasm', 'entity.name.type');
    expectScope(src, 'Foreign', 'entity.name.type');
    expectScope(src, 'magic', 'keyword.other');
    expectBackAtRoot(src);
  });

  it('closes a half-typed declaration at the enclosing brace instead of swallowing the file', () => {
    const src = 'module m {\n    type Unfinished\n}\nmodule n { locus Half }\ninterface I { fn sig() -> Int }\nfn after() { }';
    expectScope(src, 'Unfinished', 'entity.name.type');
    expectScope(src, 'n', 'entity.name.namespace');
    expectScope(src, 'Half', 'entity.name.type');
    expectScope(src, 'I', 'entity.name.type.interface');
    expectNotScope(src, 'I', 'meta.type');
    expectScope(src, 'sig', 'entity.name.function');
    expectScope(src, 'sig', 'meta.interface');
    expectScope(src, 'after', 'entity.name.function');
    expectNotScope(src, 'after', 'meta.interface');
    expectScope(src, 'fn', 'storage.type.function', 1);
    expectBackAtRoot(src);
  });

  it('scopes decorators', () => {
    const src = '@form(vec, cap = 16)\nlocus Book { }\n@hot @effects(none: {syscall}) fn tick() { }';
    expectScope(src, 'form', 'meta.decorator');
    expectScope(src, 'form', 'entity.name.function.decorator');
    expectScope(src, 'vec', 'support.constant');
    expectScope(src, 'hot', 'entity.name.function.decorator');
    expectScope(src, 'syscall', 'support.constant');
    expectScope(src, 'tick', 'entity.name.function');
    expectBackAtRoot(src);
  });
});

describe('locus members', () => {
  const src = [
    'main locus App : serves Router {',
    '    params { reader: Reader = Reader { }; n: Int = 0; }',
    '    bus { subscribe Ticks as on_tick where key == self.venue; publish Fills; }',
    '    placement { reader: cooperative(pool = io) where async_io; worker: pinned(core = 1); }',
    '    bindings { Fills: unix("/run/fills.sock", role: listen) where intra_machine; }',
    '    capacity { pool entries of Entry indexed_by id; }',
    '    contract { expose bulk: Float; }',
    '    closure balanced { self.n ~~ 0 within 1; epoch tick; }',
    '    mode bulk() -> Float { return 0.0; }',
    '    on_failure(c: Child, err: ClosureViolation) { restart(c); }',
    '    birth() { self.n = 1; }',
    '    run() { Fills <- Fill { n: self.n }; }',
    '    fn on_tick(t: Tick) { self.n += 1; }',
    '}',
  ].join('\n');

  it('scopes member blocks and lifecycle hooks as keywords', () => {
    for (const word of ['params', 'bus', 'placement', 'bindings', 'capacity', 'contract', 'closure', 'mode', 'on_failure', 'birth']) {
      expectScope(src, word, 'keyword.other');
    }
    expectScope(src, '/run/fills.sock', 'string.quoted.double');
    expectScope(src, 'run', 'keyword.other.lifecycle', 1);
    expectScope(src, 'serves', 'keyword.other');
    expectBackAtRoot(src);
  });

  it('scopes bus lines', () => {
    expectScope(src, 'subscribe', 'keyword.other');
    expectScope(src, 'Ticks', 'entity.name.type');
    expectScope(src, 'as', 'keyword.other');
    expectScope(src, 'on_tick', 'entity.name.function');
    expectScope(src, 'where', 'keyword.other');
    expectScope(src, 'key', 'keyword.other');
    expectScope(src, 'publish', 'keyword.other');
    expectScope(src, 'Fills', 'entity.name.type');
    expectScope(src, '<-', 'keyword.operator');
  });

  it('scopes placement specs', () => {
    expectScope(src, 'cooperative', 'keyword.other');
    expectScope(src, 'pool', 'variable.parameter');
    expectScope(src, 'io', 'constant.other.pool');
    expectScope(src, 'async_io', 'support.constant');
    expectScope(src, 'pinned', 'keyword.other');
    expectScope(src, 'core', 'variable.parameter');
    expectScope(src, 'reader', 'variable.other.property', 1);
    expectScope(src, 'unix', 'support.function');
    expectScope(src, 'intra_machine', 'support.constant');
  });

  it('scopes self, capacity slots, closures and recovery', () => {
    expectScope(src, 'self', 'variable.language.self');
    expectScope(src, 'pool', 'keyword.other', 1);
    expectScope(src, 'within', 'keyword.operator');
    expectScope(src, '~~', 'keyword.operator');
    expectScope(src, 'epoch', 'keyword.other');
    expectScope(src, 'restart', 'keyword.control');
    expectScope(src, 'bulk', 'entity.name.function', 1);
  });
});

describe('contextual keywords', () => {
  it('keeps topic, mode, group, pool, main and target ordinary identifiers outside their positions', () => {
    const src = [
      'topic Tick { payload: Int; }',
      'type Post { topic: String; mode: Int; }',
      'fn f(cam: Camera) {',
      '    let topic = cam.mode; let group = 1; let pool = 2; let target = topic;',
      '    main(pool);',
      '}',
    ].join('\n');
    expectScope(src, 'topic', 'storage.type', 0);
    expectScope(src, 'topic', 'variable.other.property', 1);
    expectNotScope(src, 'topic', 'keyword', 2);
    expectNotScope(src, 'topic', 'storage', 2);
    expectScope(src, 'mode', 'variable.other.property', 1);
    expectNotScope(src, 'group', 'storage');
    expectNotScope(src, 'pool', 'keyword');
    expectNotScope(src, 'pool', 'variable.parameter');
    expectNotScope(src, 'main', 'storage');
    expectNotScope(src, 'target', 'storage');
    expectBackAtRoot(src);
  });

  it('scopes or / raise / fail only where they address an error', () => {
    const src = [
      'fn parse(s: String) -> Int fallible(E) {',
      '    let or = 5; let fail = or;',
      '    if s == "" { fail E { why: "empty" }; }',
      '    let n = std::str::parse_int(s) or raise;',
      '    let m = std::str::parse_int(s)',
      '        or 0;',
      '    return n + m;',
      '}',
    ].join('\n');
    expectNotScope(src, 'or', 'keyword', 0);
    expectNotScope(src, 'fail', 'keyword', 0);
    expectNotScope(src, 'or', 'keyword', 1);
    expectScope(src, 'fail', 'keyword.control', 1);
    expectScope(src, 'or', 'keyword.control', 2);
    expectScope(src, 'raise', 'keyword.control');
    expectScope(src, 'or', 'keyword.control', 3);
    expectScope(src, 'fallible', 'storage.modifier');
    expectBackAtRoot(src);
  });
});

describe('paths and expressions', () => {
  it('scopes std:: paths and alias:: paths', () => {
    const src = 'let fd = std::io::tcp::connect(h, 80) or -1;\nlet u = std::http::Url { port: 80 };\nlet c = net::Client { };';
    expectScope(src, 'std', 'entity.name.namespace');
    expectScope(src, 'tcp', 'entity.name.namespace');
    expectScope(src, 'connect', 'support.function');
    expectScope(src, 'Url', 'support.type');
    expectScope(src, 'net', 'entity.name.namespace');
    expectScope(src, 'Client', 'entity.name.type');
    expectScope(src, 'port', 'variable.other.property');
  });

  it('scopes control keywords, calls, members and operators', () => {
    const src = 'fn f(xs: Items) { for x in xs { if x.ok() && !done { println(x.v); } else { break; } } while true { yield; } }';
    expectScope(src, 'for', 'keyword.control');
    expectScope(src, 'in', 'keyword.control');
    expectScope(src, 'if', 'keyword.control');
    expectScope(src, 'else', 'keyword.control');
    expectScope(src, 'while', 'keyword.control');
    expectScope(src, 'yield', 'keyword.control');
    expectScope(src, 'ok', 'entity.name.function');
    expectScope(src, 'println', 'support.function');
    expectScope(src, 'v', 'variable.other.property');
    expectScope(src, '&&', 'keyword.operator');
    expectScope(src, 'true', 'constant.language');
    expectBackAtRoot(src);
  });
});

describe('the language configuration', () => {
  interface OnEnterRule {
    beforeText: string;
    action: { indent: string; appendText?: string };
  }
  const config = JSON.parse(readFileSync(languageConfigurationFile, 'utf8')) as {
    comments: { lineComment: string; blockComment: [string, string] };
    brackets: [string, string][];
    autoClosingPairs: { open: string; close: string; notIn?: string[] }[];
    surroundingPairs: [string, string][];
    wordPattern: string;
    folding: { markers: { start: string; end: string } };
    indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
    onEnterRules: OnEnterRule[];
  };

  it('declares Hale comments and brackets', () => {
    expect(config.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
    expect(config.brackets).toEqual([['{', '}'], ['[', ']'], ['(', ')']]);
    for (const open of ['"', '`']) {
      const pair = config.autoClosingPairs.find((p) => p.open === open);
      expect(pair?.notIn).toEqual(['string', 'comment']);
    }
    expect(config.surroundingPairs).toContainEqual(['"', '"']);
  });

  it('continues /// doc comments on Enter, and only those', () => {
    const doc = config.onEnterRules.find((r) => r.action.appendText === '/// ');
    expect(doc).toBeDefined();
    const before = new RegExp(doc!.beforeText);
    expect(before.test('    /// Sends a tick.')).toBe(true);
    expect(before.test('///')).toBe(true);
    expect(before.test('    //// ----')).toBe(false);
    expect(before.test('    // plain')).toBe(false);
    expect(before.test('let s = "///";')).toBe(false);
  });

  it('indents after an opening brace and outdents a closing one', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    expect(increase.test('main locus App {')).toBe(true);
    expect(increase.test('    run() { // steady state')).toBe(true);
    expect(increase.test('    println(a,')).toBe(true);
    expect(increase.test('    let p = Point { x: 1 };')).toBe(false);
    expect(increase.test('    // a comment {')).toBe(false);
    expect(decrease.test('    }')).toBe(true);
    expect(decrease.test('    );')).toBe(true);
    expect(decrease.test('    let x = 1;')).toBe(false);
  });

  it('selects Hale words: identifiers and whole literals', () => {
    const words = (text: string) => text.match(new RegExp(config.wordPattern, 'g'));
    expect(words('subscribe Ticks as on_tick;')).toEqual(['subscribe', 'Ticks', 'as', 'on_tick']);
    expect(words('sleep(500ms); x = 1.50d; for i in 0..10')).toEqual(['sleep', '500ms', 'x', '1.50d', 'for', 'i', 'in', '0', '10']);
  });

  it('folds // region markers', () => {
    expect(new RegExp(config.folding.markers.start).test('    // region placement')).toBe(true);
    expect(new RegExp(config.folding.markers.end).test('    // endregion')).toBe(true);
  });
});
