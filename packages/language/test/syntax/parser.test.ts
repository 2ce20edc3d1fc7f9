import { describe, expect, it } from 'vitest';
import { isFunctionDecl, isLocusDecl, type ExpressionStatement, type FunctionDecl, type LetStatement } from '../../src/index.js';
import { check } from './parse-helpers.js';

const syntaxMessages = async (text: string) => (await check(text)).diagnostics.filter(d => d.code === 'hale.syntax').map(d => d.message);

describe('the Hale parser', () => {
    it('parses a complete program with a main locus, placement and the bus', async () => {
        const { program, diagnostics } = await check(`
            topic Beat { payload: Int; subject: "beat"; }
            locus Listener {
                bus { subscribe Beat as on_beat where key == 3; }
                fn on_beat(n: Int) { println(f"beat {n}"); }
            }
            main locus Band {
                params { listener: Listener = Listener { }; }
                placement { listener: cooperative(pool = io) where async_io; }
            }
            fn main() { Band { }; }`);
        expect(diagnostics).toEqual([]);
        const band = program.declarations.find(isLocusDecl)!;
        expect(band.name).toBe('Listener');
        expect(program.declarations.filter(isLocusDecl).map(l => [l.name, l.main])).toEqual([['Listener', false], ['Band', true]]);
    });

    it('keeps contextual keywords usable as names', async () => {
        const { diagnostics } = await check(`
            type Msg { topic: String; main: Int; group: Int; pool: Int; mode: Int; }
            fn f(fail: Int) -> Int { let or = 1; let where = 2; return fail + or + where; }`);
        expect(diagnostics).toEqual([]);
    });

    it('rejects hard keywords as names, as upstream does', async () => {
        expect(await syntaxMessages('fn run() { }')).toEqual(['expected function name, but `run` is a reserved lifecycle keyword in Hale — pick another name']);
        expect(await syntaxMessages('locus A { params { capacity: Int = 1; } }')).toEqual(['expected param name, but `capacity` is a reserved keyword in Hale — pick another name']);
    });

    it('applies precedence and treats `or` as right-associative', async () => {
        const { program } = await check('fn f() { let v = a() or b() or raise; let w = 1 + 2 * 3; }');
        const [v, w] = (program.declarations[0] as FunctionDecl).body!.statements as LetStatement[];
        expect(v.value.$type).toBe('OrDisposition');
        expect((v.value as any).fallback.disposition).toBe('raise');
        expect((w.value as any).operator).toBe('+');
        expect((w.value as any).right.operator).toBe('*');
    });

    it('distinguishes a struct literal from the block after a condition', async () => {
        const { program, diagnostics } = await check('fn f() { if ready { go(); } let p = Point { x: 1 }; while n < 10 { n += 1; } Band { }; }');
        expect(diagnostics).toEqual([]);
        const statements = (program.declarations[0] as FunctionDecl).body!.statements;
        expect(statements.map(s => s.$type)).toEqual(['ExpressionStatement', 'LetStatement', 'WhileStatement', 'ExpressionStatement']);
        expect((statements[3] as ExpressionStatement).expression.$type).toBe('StructLiteral');
    });

    it('reads sends to topics and to literal subjects', async () => {
        const { program, diagnostics } = await check('fn f() { Ticks <- 1; "log.line" <- Line { n: 2 } or discard; }');
        expect(diagnostics).toEqual([]);
        const [a, b] = (program.declarations[0] as FunctionDecl).body!.statements as ExpressionStatement[];
        expect(a.expression.$type).toBe('NameExpression');
        expect(b.expression.$type).toBe('StringLiteral');
        expect(b.sendValue?.$type).toBe('OrDisposition');
    });

    it('requires `;` between statements but not after block-like ones or a trailing value', async () => {
        expect(await syntaxMessages('fn f() -> Int { if a { b(); } match x { _ -> 1 } let y = { 1 }; y }')).toEqual([]);
        expect(await syntaxMessages('fn f() { g() h(); }')).toEqual(['expected `;` after the statement']);
        expect(await syntaxMessages('fn f() { T <- 1 }')).toEqual(['expected `;` after the bus send']);
    });

    it('rejects chained comparisons, `~~` outside closures and unknown annotations', async () => {
        expect(await syntaxMessages('fn f() -> Bool { return a < b < c; }')).toHaveLength(1);
        expect(await syntaxMessages('fn f() -> Bool { return a < b == c; }')).toHaveLength(1);
        expect(await syntaxMessages('fn f() -> Bool { return (a < b) == c; }')).toEqual([]);
        expect(await syntaxMessages('fn f() -> Bool { return a ~~ b within 1; }')).toHaveLength(1);
        expect(await syntaxMessages('locus A { params { x: Float = 1.0; } closure c { x ~~ 1.0 within 0.1; epoch tick; } }')).toEqual([]);
        expect((await syntaxMessages('@hugepages locus A { }'))[0]).toMatch(/^unknown annotation `@hugepages`/);
        expect(await syntaxMessages('@locality(L1) @locality(L2) locus A { }')).toEqual(['duplicate `@locality(...)` annotation; one per locus']);
        expect(await syntaxMessages('@phase_effects(PHASES) locus A { }')).toHaveLength(1);
    });

    it('checks placement specs as upstream\'s parser does', async () => {
        const program = (entry: string) => `main locus App { params { a: A = A { }; } placement { ${entry} } }`;
        expect(await syntaxMessages(program('a: pinned(cores = 0..4, replicas = 4);'))).toEqual([]);
        expect(await syntaxMessages(program('a: cooperative(pool = io, core = 2) where async_io;'))).toEqual([]);
        expect(await syntaxMessages(program('a: cooperative(pool = io, replicas = 2);'))).toHaveLength(1);
        expect(await syntaxMessages(program('a: pinned(core = 1, node = 0);'))).toEqual(['at most one affinity (`core`, `cores`, `node` or `l3`) per placement spec']);
    });

    it('recovers from a typo: later declarations are still parsed and their own errors reported', async () => {
        const { program, diagnostics } = await check([
            'locus A {',
            '    params { x: Int = 1 }',          // missing `;`
            '    run() { println(self.x); }',
            '}',
            'locus B { run() { let y = ; } }',    // a second, independent error
            'fn main() { A { }; }',
        ].join('\n'));
        const errors = diagnostics.filter(d => d.code === 'hale.syntax');
        expect(errors.map(d => d.range.start.line)).toEqual([1, 4]);
        expect(errors[0].message).toBe('expected `;` after the params field, found `}`');
        expect(program.declarations.filter(isLocusDecl).map(l => l.name)).toEqual(['A', 'B']);
        expect(program.declarations.some(d => isFunctionDecl(d) && d.name === 'main')).toBe(true);
    });

    it('never throws on arbitrary input and keeps positions in range', async () => {
        const samples = ['', '}', 'locus', 'locus {', 'fn f( { let', '@', 'f"{', '"', '/*', '`', 'é', '\u0000', 'main locus M { placement { x: } }'];
        for (const text of samples) {
            const { diagnostics } = await check(text);
            for (const d of diagnostics) {
                expect(d.range.start.line).toBeGreaterThanOrEqual(0);
                expect(d.range.start.character).toBeGreaterThanOrEqual(0);
            }
        }
    });
});

describe('hard keywords', () => {
    it('are exactly the words AnyWord adds to Name in the grammar', async () => {
        const { HaleGrammar } = await import('../../src/generated/grammar.js');
        const { GrammarAST } = await import('langium');
        const { HARD_KEYWORDS } = await import('../../src/syntax/keywords.js');
        const grammar = HaleGrammar();
        const words = (ruleName: string) => {
            const rule = grammar.rules.find(r => r.name === ruleName) as any;
            const alts = GrammarAST.isAlternatives(rule.definition) ? rule.definition.elements : [rule.definition];
            return alts.filter(GrammarAST.isKeyword).map((k: any) => k.value as string);
        };
        expect(new Set(words('AnyWord'))).toEqual(HARD_KEYWORDS);
        expect(words('Name').filter((w: string) => HARD_KEYWORDS.has(w))).toEqual([]);
    });
});

describe('imports', () => {
    it('come before every declaration', async () => {
        expect(await syntaxMessages('import "lib" as lib;\nfn main() { }\n')).toEqual([]);
        expect(await syntaxMessages('fn main() { }\nimport "lib" as lib;\n')).toEqual(['expected a top-level declaration, found `import`: imports come before every declaration of the file']);
    });
});

describe('element chains', () => {
    it('take a block as the body of `each`, and only there', async () => {
        const { program, diagnostics } = await check('fn f(xs: [Int]) -> Int { let mut total = 0; xs.filter(it > 2).each { total = total + it; } total }');
        expect(diagnostics).toEqual([]);
        const statement = (program.declarations[0] as FunctionDecl).body!.statements[1] as ExpressionStatement;
        expect(statement.expression.$type).toBe('MemberAccess');
        expect(statement.eachBody?.statements).toHaveLength(1);
        expect(await syntaxMessages('fn f() { g() { h(); } }')).toEqual(['expected `;` after the statement, found `{`: a block after an expression is only allowed as the body of `.each { ... }`']);
    });
});

describe('parse error wording', () => {
    it('has a Hale phrase for every rule of the grammar', async () => {
        const { HaleGrammar } = await import('../../src/generated/grammar.js');
        const { GrammarAST } = await import('langium');
        const { readFileSync } = await import('node:fs');
        const source = readFileSync(new URL('../../src/syntax/parser-messages.ts', import.meta.url), 'utf8');
        const rules = HaleGrammar().rules.filter(r => (GrammarAST.isParserRule(r) && !r.dataType && !r.fragment) || GrammarAST.isInfixRule(r));
        expect(rules.map(r => r.name).filter(name => !new RegExp(`\\b${name}:`).test(source))).toEqual([]);
    });

    it('names what may start a declaration where stray code stands at the top level', async () => {
        expect(await syntaxMessages('let x = 1;')).toEqual(['expected a top-level declaration (`locus`, `main locus`, `fn`, `type`, `topic`, `const`, `interface`, ...), found `let`']);
    });
});
