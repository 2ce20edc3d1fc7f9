/**
 * The style rules of styleguide.md's "Canonical form" (and testing.md's `hale fmt`), one snippet at a time.
 * Each case is written badly on purpose and compared with the canonical text; the canonical text must
 * also be a fixed point.
 */
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'langium';
import { formatHale, formatHaleDetailed, formatHaleText } from '../../src/index.js';

const lines = (...l: string[]) => l.join('\n') + '\n';

/** Formats `input`, checks the result, and checks that formatting the result changes nothing. */
function expectFormat(input: string, expected: string): void {
    const result = formatHaleDetailed(input);
    expect(result.status, result.message).toBe('formatted');
    expect(result.text).toBe(expected);
    expect(formatHale(expected)).toEqual([]);
}

function applyEdits(text: string, edits: ReturnType<typeof formatHale>): string {
    return TextDocument.applyEdits(TextDocument.create('file:///x.hl', 'hale', 1, text), edits);
}

describe('indentation', () => {
    it('indents 4 spaces per bracket depth and returns closers to their opener line', () => {
        expectFormat(
            lines('locus Counter {', '  params {', '        count: Int = 0;', ' }', 'run() {', 'while self.count < 3 {', 'self.count = self.count + 1;', '}', '}', '}'),
            lines('locus Counter {', '    params {', '        count: Int = 0;', '    }', '    run() {', '        while self.count < 3 {', '            self.count = self.count + 1;', '        }', '    }', '}'),
        );
    });

    it('indents brackets opened together on one line once', () => {
        expectFormat(
            lines('fn main() {', '    register(Config {', '            port: 80,', '            host: "h",', '        });', '}'),
            lines('fn main() {', '    register(Config {', '        port: 80,', '        host: "h",', '    });', '}'),
        );
    });

    it('gives continuation lines one extra level: a leading `.`, `&&`, `or`, `->`, or a trailing operator', () => {
        expectFormat(
            lines(
                'fn f(a: Int)',
                '-> Int',
                '{',
                '    let ok = a > 1',
                '    && a < 9;',
                '    let n = self.users',
                '    .filter(it.active)',
                '    .count();',
                '    let s = std::io::fs::read_file("p")',
                '    or raise;',
                '    self.listen_fd =',
                '    std::io::tcp::listen_socket(self.host, self.port) or raise;',
                '    return a +',
                '    1;',
                '}',
            ),
            lines(
                'fn f(a: Int)',
                '    -> Int',
                '{',
                '    let ok = a > 1',
                '        && a < 9;',
                '    let n = self.users',
                '        .filter(it.active)',
                '        .count();',
                '    let s = std::io::fs::read_file("p")',
                '        or raise;',
                '    self.listen_fd =',
                '        std::io::tcp::listen_socket(self.host, self.port) or raise;',
                '    return a +',
                '        1;',
                '}',
            ),
        );
    });

    it('does not add a continuation level inside parentheses, where the bracket already indents', () => {
        expectFormat(
            lines('fn main() {', '    println(a() + b()', '            + c() + d());', '}'),
            lines('fn main() {', '    println(a() + b()', '        + c() + d());', '}'),
        );
    });

    it('does not treat a unary minus at the start of a line as a continuation', () => {
        expectFormat(
            lines('fn main() {', '    let v = parse("x") or {', '        report(err);', '            -1', '    };', '}'),
            lines('fn main() {', '    let v = parse("x") or {', '        report(err);', '        -1', '    };', '}'),
        );
    });

    it('lays out match arms and else-if chains by depth', () => {
        expectFormat(
            lines('fn f(x: Int) -> String {', 'return match x {', '1 ->', '"one",', '_ -> { "many" },', '};', '}', 'fn g(c: Int) {', 'if c == 1 { a(); }', '      else if c == 2 { b(); }', 'else {', 'd();', '}', '}'),
            lines('fn f(x: Int) -> String {', '    return match x {', '        1 ->', '            "one",', '        _ -> { "many" },', '    };', '}', 'fn g(c: Int) {', '    if c == 1 { a(); }', '    else if c == 2 { b(); }', '    else {', '        d();', '    }', '}'),
        );
    });

    it('indents own-line comments with the code after them, and before a closer with the block', () => {
        expectFormat(
            lines('main locus App {', '    placement {', '        w: pinned(core = 1);', '              // anything unlisted', '    }', '// the entry point', '        fn helper() { }', '}'),
            lines('main locus App {', '    placement {', '        w: pinned(core = 1);', '        // anything unlisted', '    }', '    // the entry point', '    fn helper() { }', '}'),
        );
    });

    it('uses tabs or another width when asked (the pure function honours the options)', () => {
        const input = lines('fn main() {', 'if a {', 'b();', '}', '}');
        expect(formatHaleText(input, { insertSpaces: false })).toBe(lines('fn main() {', '\tif a {', '\t\tb();', '\t}', '}'));
        expect(formatHaleText(input, { tabSize: 2, insertSpaces: true })).toBe(lines('fn main() {', '  if a {', '    b();', '  }', '}'));
    });
});

describe('spacing', () => {
    it('spaces binary operators and assignments, keeps unary operators tight', () => {
        expectFormat(
            'fn f() { let x=a+b*-c; let y = !  done; let z=a-1; x+=2; let w = s.get(0) or - 1; }\n',
            'fn f() { let x = a + b * -c; let y = !done; let z = a - 1; x += 2; let w = s.get(0) or -1; }\n',
        );
    });

    it('keeps `.`, `::` and `..` tight and nothing inside ( ) [ ]', () => {
        expectFormat(
            'fn f() { let v = std :: time :: now ( ); let r = 0 .. 4; let i = self . items [ 0 ]; let t = ( a , b ); foo( x ,y ); }\n',
            'fn f() { let v = std::time::now(); let r = 0..4; let i = self.items[0]; let t = (a, b); foo(x, y); }\n',
        );
    });

    it('spaces literal braces, `{ }` included', () => {
        expectFormat(
            'fn main() { let r = Rec {key: 1}; App {}; let e = Empty{ }; }\n',
            'fn main() { let r = Rec { key: 1 }; App { }; let e = Empty { }; }\n',
        );
    });

    it('keeps `:` tight on the left, except the locus and topic header colons', () => {
        expectFormat(
            'locus RouterV1: serves Router { params { port : Int = 0; } }\ntopic Login: Events { payload : Login; }\n',
            'locus RouterV1 : serves Router { params { port: Int = 0; } }\ntopic Login : Events { payload: Login; }\n',
        );
    });

    it('keeps generics tight, in types and in expressions', () => {
        expectFormat(
            'type Holder < T > { v: Vec < Int >; }\nfn f() { let v = first < Int > (xs); let w = Vec < Int >::new(); let c = a < b; }\n',
            'type Holder<T> { v: Vec<Int>; }\nfn f() { let v = first<Int>(xs); let w = Vec<Int>::new(); let c = a < b; }\n',
        );
    });

    it('keeps call, declaration, hook and decorator parentheses tight, and grouping parentheses spaced', () => {
        expectFormat(
            '@form (vec) locus L { run () { restart (c); } }\nfn f (g: fn (Int) -> Int) -> Int fallible (E) { if(a) { return(1); } return g (2); }\n',
            '@form(vec) locus L { run() { restart(c); } }\nfn f(g: fn(Int) -> Int) -> Int fallible(E) { if (a) { return (1); } return g(2); }\n',
        );
    });

    it('keeps an index tight and an array literal spaced', () => {
        expectFormat(
            'fn f() { let s = "abc" [i..i + 1]; let a = [1,2]; let b: [Int; 4] = [0; 4]; let t: bounded [Int; 8] = x; }\n',
            'fn f() { let s = "abc"[i..i + 1]; let a = [1, 2]; let b: [Int; 4] = [0; 4]; let t: bounded[Int; 8] = x; }\n',
        );
    });

    it('collapses alignment padding to single spaces', () => {
        expectFormat(
            lines('main locus App {', '    params {', '        gateway: Gateway       = Gateway { };', '        ui:      Renderer      = Renderer { };', '    }', '}'),
            lines('main locus App {', '    params {', '        gateway: Gateway = Gateway { };', '        ui: Renderer = Renderer { };', '    }', '}'),
        );
    });

    it('puts a trailing comment one space after the code and keeps comment text as written', () => {
        expectFormat(
            lines('fn main() {', '    let sum = add(2, 3);          //   5, not   6   ', '    f(/* inline */ x);', '}'),
            lines('fn main() {', '    let sum = add(2, 3); //   5, not   6   ', '    f(/* inline */ x);', '}'),
        );
    });

    it('keeps f-string interpolations tight', () => {
        expectFormat('fn f() { let s = f"a{ x + 1 }b{ y }c"; }\n', 'fn f() { let s = f"a{x + 1}b{y}c"; }\n');
    });

    it('spaces negative literal patterns, decorator arguments and placement specs canonically', () => {
        expectFormat(
            lines('@effects(none:{syscall,block}) @budget(alloc_per_call=0)', 'fn f(x: Int) { match x { - 1 -> a(), _ -> b() } }', 'main locus A { placement { w : cooperative(pool=io) where async_io; c: pinned(cores = {2,4}); } }'),
            lines('@effects(none: { syscall, block }) @budget(alloc_per_call = 0)', 'fn f(x: Int) { match x { -1 -> a(), _ -> b() } }', 'main locus A { placement { w: cooperative(pool = io) where async_io; c: pinned(cores = { 2, 4 }); } }'),
        );
    });
});

describe('lines', () => {
    it('collapses blank lines to one, drops them at the start, ends with exactly one newline', () => {
        expectFormat('\n\n\nfn a() { }\n\n\n\nfn b() { }\n\n\n', 'fn a() { }\n\nfn b() { }\n');
        expectFormat('fn a() { }', 'fn a() { }\n');
    });

    it('keeps single blank lines where the author put them, and removes trailing whitespace', () => {
        expectFormat(
            lines('fn main() {   ', '    a();', '', '    b();  ', '}'),
            lines('fn main() {', '    a();', '', '    b();', '}'),
        );
    });

    it('keeps the line structure: no joining, no splitting', () => {
        const text = lines('locus Loop { run() { while true { std::time::sleep(1s); } } }', 'fn main() { let a = 1; let b = 2;', '    println(a, b); }');
        expect(formatHaleText(text)).toBe(text);
    });

    it('does not wrap long lines (the guide leaves line breaks to the author)', () => {
        const args = Array.from({ length: 40 }, (_, i) => `"argument number ${i}"`).join(', ');
        const text = `fn main() { println(${args}); }\n`;
        expect(text.length).toBeGreaterThan(800);
        expect(formatHaleText(text)).toBe(text);
    });

    it('keeps CRLF line endings', () => {
        expectFormat('fn main() {\r\n\tlet x = 1;\r\n\r\n\r\n  return;\r\n}', 'fn main() {\r\n    let x = 1;\r\n\r\n    return;\r\n}\r\n');
    });

    it('formats an empty file and a comment-only file', () => {
        expectFormat('', '');
        expectFormat('  \n\n', '');
        expectFormat('   // only a comment', '// only a comment\n');
    });
});

describe('safety', () => {
    it('leaves a program with syntax errors alone and says why', () => {
        const broken = lines('fn main() {', '  let x = ', '}');
        const result = formatHaleDetailed(broken);
        expect(result).toMatchObject({ status: 'skipped', reason: 'syntax-errors', text: broken, edits: [] });
        expect(result.message).toMatch(/syntax errors/);
    });

    it('leaves a program with lexical errors alone', () => {
        const broken = 'fn main() {  let x = 1 é; }\n';
        expect(formatHaleDetailed(broken)).toMatchObject({ status: 'skipped', reason: 'lexical-errors', edits: [] });
    });

    it('keeps non-ASCII strings and comments intact', () => {
        expectFormat(
            lines('fn main() {', '  println("héllo 🎉 — wörld");   // ünïcode 🎉 “quoted”', '/* 日本語 */   let x = 1;', '}'),
            lines('fn main() {', '    println("héllo 🎉 — wörld"); // ünïcode 🎉 “quoted”', '    /* 日本語 */ let x = 1;', '}'),
        );
    });

    it('never touches the inside of multi-line strings and block comments', () => {
        expectFormat(
            lines('fn main() {', '      let s = "first', '   second   ";   /* one', '      two */  foo();', '}'),
            lines('fn main() {', '    let s = "first', '   second   "; /* one', '      two */ foo();', '}'),
        );
    });

    it('does not join tokens that would fuse: `> >` of nested generics stays apart when written apart', () => {
        // `>>` after `Box<Box<Int` would read as a shift unless the lexer tracks the generic depth.
        const text = 'type A { x: Box<Box<Int> >; y: Box<Box<Int>>; }\n';
        expectFormat(text, text);
    });

    it('spacing out a long generic argument list keeps it generic (the look-ahead ignores whitespace)', () => {
        const args = Array.from({ length: 60 }, (_, i) => `T${i}`).join(',');
        const text = `fn main() { let v = first<${args}>(xs); }\n`;
        const result = formatHaleDetailed(text);
        expect(result.status).toBe('formatted');
        expect(result.text).toContain(`first<${args.split(',').join(', ')}>(xs)`);
    });

    it('does not join an f-string brace with a block brace (`{{` is an escaped brace)', () => {
        expectFormat('fn f() { let s = f"a{ {y} }c"; }\n', 'fn f() { let s = f"a{ { y }}c"; }\n');
    });
});

describe('range formatting', () => {
    const text = lines('fn main() {', 'let a=1;', 'let b=2;', '        let c=3;', '}');

    it('changes only the selected lines', () => {
        const edits = formatHale(text, {}, { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } });
        expect(applyEdits(text, edits)).toBe(lines('fn main() {', 'let a=1;', '    let b = 2;', '        let c=3;', '}'));
        for (const e of edits) {
            expect(e.range.start.line).toBe(2);
            expect(e.range.end.line).toBe(2);
        }
    });

    it('takes whole lines, and a selection ending at column 0 stops before that line', () => {
        const edits = formatHale(text, {}, { start: { line: 1, character: 4 }, end: { line: 3, character: 0 } });
        expect(applyEdits(text, edits)).toBe(lines('fn main() {', '    let a = 1;', '    let b = 2;', '        let c=3;', '}'));
    });

    it('gives the same text as whole-file formatting when the range covers the file', () => {
        const edits = formatHale(text, {}, { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } });
        expect(applyEdits(text, edits)).toBe(formatHaleText(text));
    });

    it('returns minimal edits: one per changed stretch of whitespace', () => {
        const edits = formatHale(lines('fn main() {', 'a();', '    b();', '}'));
        expect(edits).toEqual([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '    ' }]);
    });
});
