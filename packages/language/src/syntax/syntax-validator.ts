/**
 * Syntax rules upstream's parser enforces that a context-free grammar does not say: statement
 * terminators, non-associative comparisons, where `~~` may appear, which annotations exist and what
 * they take, the shape of placement specs. Reported as `hale.syntax`, like parse errors, because
 * upstream rejects these programs at parse time.
 */
import { type AstNode, type ValidationAcceptor, type ValidationChecks } from 'langium';
import {
    isBinaryExpression, isBlock, isBlockExpression, isClosureDecl, isDecoratorSet,
    isExpressionStatement, isIfExpression, isMatchExpression, isMemberAccess, isNameExpression, isParenthesizedExpression,
    type ApproxExpression, type BinaryExpression, type Decorator, type ExpressionStatement,
    type HaleAstType, type LocusDecl, type PlacementSpec, type Program,
} from '../generated/ast.js';
import type { HaleServices } from '../hale-module.js';
import { SYNTAX_CODE } from './document-validator.js';
import { HARD_KEYWORDS, reservedWordMessage } from './keywords.js';

/** Annotations upstream knows (tokens.md, "Annotation inventory"), and the argument shape each takes. */
const ANNOTATIONS: Record<string, 'none' | 'keyed-sets' | 'keyed-ints' | 'form' | 'locality' | 'ffi' | 'hot'> = {
    form: 'form', locality: 'locality', bounded: 'none', unbounded: 'none', budget: 'keyed-ints',
    sealed: 'none', ffi: 'ffi', export: 'none', hot: 'none', effects: 'keyed-sets', phase_effects: 'keyed-sets',
    supervised: 'none', secret: 'none', no_syscall: 'none', no_block: 'none', no_ffi: 'none',
    no_publish: 'none', no_spawn: 'none', no_recursion: 'none', deterministic: 'none', no_panic: 'none',
};

const LOCALITY_TIERS = new Set(['L1', 'L2', 'L3', 'any']);
const COMPARISON = new Set(['<', '>', '<=', '>=']);
const EQUALITY = new Set(['==', '!=']);
const POOL_ATTRS = new Set(['pool', 'core', 'cores', 'node', 'l3']);
const PINNED_ATTRS = new Set(['core', 'cores', 'node', 'l3', 'replicas']);
const AFFINITY_ATTRS = new Set(['core', 'cores', 'node', 'l3']);

/** Declarations whose name may not be a hard keyword, and what upstream calls that name. */
const DECLARED_NAMES: Record<string, string> = {
    FunctionDecl: 'function name', ParamField: 'param name', Parameter: 'parameter name', LocusDecl: 'locus name',
    TypeDecl: 'type name', TopicDecl: 'topic name', ConstDecl: 'const name',
};

export class HaleSyntaxValidator {

    /** `fn run()`, `params { capacity: Int = 1; }`: hard keywords cannot be declared names. */
    checkDeclaredName(node: AstNode & { name: string }, accept: ValidationAcceptor): void {
        if (HARD_KEYWORDS.has(node.name)) {
            accept('error', reservedWordMessage(node.name, DECLARED_NAMES[node.$type] ?? 'a name'), { node, property: 'name', code: SYNTAX_CODE });
        }
    }

    /** `f() g();`: an expression statement needs `;` unless it is block-like or a block's trailing value. */
    checkStatementTerminator(statement: ExpressionStatement, accept: ValidationAcceptor): void {
        if (statement.semicolon) return;
        const container = statement.$container;
        const siblings = isBlock(container) ? container.statements : isExpressionStatement(container) ? container.ringStatements : [];
        const isLast = siblings[siblings.length - 1] === statement;
        const blockLike = statement.ringWrite || statement.eachBody !== undefined || isIfExpression(statement.expression) || isMatchExpression(statement.expression)
            || isBlockExpression(statement.expression);
        if (statement.sendValue !== undefined || (!isLast && !blockLike)) {
            const what = statement.sendValue !== undefined ? 'the bus send' : 'the statement';
            accept('error', `expected \`;\` after ${what}`, { node: statement, code: SYNTAX_CODE, range: endOf(statement) });
        }
    }

    /** A block after an expression is the body of an element chain's `each` terminal, and only that. */
    checkEachBody(statement: ExpressionStatement, accept: ValidationAcceptor): void {
        if (statement.eachBody === undefined) return;
        const expression = statement.expression;
        const isEach = (isMemberAccess(expression) && expression.member === 'each') || (isNameExpression(expression) && expression.name === 'each');
        if (!isEach) {
            accept('error', 'expected `;` after the statement, found `{`: a block after an expression is only allowed as the body of `.each { ... }`',
                { node: statement, property: 'eachBody', code: SYNTAX_CODE });
        }
    }

    /** `a < b < c` and `a < b == c` are parse errors: comparison and equality are non-associative. */
    checkNonAssociative(expression: BinaryExpression, accept: ValidationAcceptor): void {
        const level = COMPARISON.has(expression.operator) ? COMPARISON : EQUALITY.has(expression.operator) ? EQUALITY : undefined;
        if (!level) return;
        for (const operand of [expression.left, expression.right]) {
            if (isBinaryExpression(operand) && (COMPARISON.has(operand.operator) || EQUALITY.has(operand.operator))) {
                accept('error', `comparison operators do not chain: \`${operand.operator}\` and \`${expression.operator}\` need parentheses or \`&&\` (e.g. \`a < b && b < c\`)`,
                    { node: expression, code: SYNTAX_CODE });
                return;
            }
        }
    }

    /** `~~` is the closure-assertion operator: legal only as the assertion of a `closure { }`. */
    checkApproxPlacement(expression: ApproxExpression, accept: ValidationAcceptor): void {
        let node: AstNode | undefined = expression.$container;
        while (node && isParenthesizedExpression(node)) node = node.$container;
        if (!isClosureDecl(node)) {
            accept('error', '`~~` (approximate equality) is only allowed in a closure assertion: `closure name { a ~~ b within t; }`',
                { node: expression, code: SYNTAX_CODE });
        }
    }

    checkDecorator(decorator: Decorator, accept: ValidationAcceptor): void {
        const shape = ANNOTATIONS[decorator.name];
        if (!shape) {
            accept('error', `unknown annotation \`@${decorator.name}\`: expected one of ${Object.keys(ANNOTATIONS).map(n => `\`@${n}\``).join(', ')}`,
                { node: decorator, property: 'name', code: SYNTAX_CODE });
            return;
        }
        const args = decorator.args;
        const hasParens = decorator.$cstNode?.text.trimEnd().endsWith(')') ?? false;
        const fail = (message: string) => accept('error', message, { node: decorator, code: SYNTAX_CODE });
        switch (shape) {
            case 'none':
                if (hasParens) fail(`\`@${decorator.name}\` takes no arguments`);
                break;
            case 'keyed-sets':
                if (!hasParens || args.length === 0 && decorator.name === 'phase_effects') fail(`\`@${decorator.name}\` takes \`key: { ... }\` entries, e.g. \`@${decorator.name}(${decorator.name === 'effects' ? 'none' : 'run'}: { syscall })\``);
                for (const arg of args) {
                    if (!arg.key || arg.keyEquals || !isDecoratorSet(arg.value)) {
                        fail(`\`@${decorator.name}\` takes \`key: { ... }\` entries, e.g. \`@${decorator.name}(${decorator.name === 'effects' ? 'none' : 'run'}: { syscall })\``);
                        break;
                    }
                }
                break;
            case 'keyed-ints':
                if (!hasParens || args.length === 0) fail('`@budget` takes `name = N` entries, e.g. `@budget(alloc_per_call = 0)`');
                for (const arg of args) {
                    if (!arg.key || !arg.keyEquals) { fail('`@budget` takes `name = N` entries, e.g. `@budget(alloc_per_call = 0)`'); break; }
                }
                break;
            case 'form':
                if (args.length === 0 || args[0].key) fail('`@form` names its form first, e.g. `@form(vec)` or `@form(ring_buffer, cap = 64)`');
                for (const arg of args.slice(1)) {
                    if (!arg.key || !arg.keyEquals) { fail('`@form` options are `name = value`, e.g. `@form(ring_buffer, cap = 64)`'); break; }
                }
                break;
            case 'locality': {
                const tier = args.length === 1 && !args[0].key ? args[0].value.$cstNode?.text : undefined;
                if (!tier || !LOCALITY_TIERS.has(tier)) fail('`@locality` takes one tier: `L1`, `L2`, `L3` or `any`');
                break;
            }
            case 'ffi': {
                const abi = args.length === 1 && !args[0].key ? args[0].value.$cstNode?.text : undefined;
                if (abi !== '"c"' && abi !== '"js"') fail('`@ffi` takes the ABI as a string: `@ffi("c")` or `@ffi("js")`');
                break;
            }
        }
    }

    /** `import` lines come first in a file (grammar.ebnf `program`); the chunked parser reads each alone. */
    checkImportsFirst(program: Program, accept: ValidationAcceptor): void {
        const firstDeclaration = program.declarations[0]?.$cstNode?.offset;
        if (firstDeclaration === undefined) return;
        for (const declaration of program.imports) {
            if ((declaration.$cstNode?.offset ?? 0) > firstDeclaration) {
                accept('error', 'expected a top-level declaration, found `import`: imports come before every declaration of the file',
                    { node: declaration, code: SYNTAX_CODE });
            }
        }
    }

    /** One `@form` and one `@locality` per locus. */
    checkLocusDecorators(locus: LocusDecl, accept: ValidationAcceptor): void {
        this.checkDeclaredName(locus, accept);
        const seen = new Set<string>();
        for (const decorator of locus.decorators) {
            if ((decorator.name === 'form' || decorator.name === 'locality') && seen.has(decorator.name)) {
                accept('error', `duplicate \`@${decorator.name}(...)\` annotation; one per locus`, { node: decorator, code: SYNTAX_CODE });
            }
            seen.add(decorator.name);
        }
    }

    /** `cooperative(pool = X, core = N)` / `pinned(core = N, replicas = K)`: which attributes, at most one affinity. */
    checkPlacementSpec(spec: PlacementSpec, accept: ValidationAcceptor): void {
        const allowed = spec.kind === 'cooperative' ? POOL_ATTRS : PINNED_ATTRS;
        const seen = new Set<string>();
        let affinities = 0;
        for (const attr of spec.attrs) {
            if (!allowed.has(attr.name)) {
                const hint = attr.name === 'replicas' ? ' (`replicas` is for `pinned` only)' : '';
                accept('error', `\`${spec.kind}(...)\` takes ${[...allowed].map(a => `\`${a}\``).join(', ')}, not \`${attr.name}\`${hint}`,
                    { node: attr, property: 'name', code: SYNTAX_CODE });
            }
            if (seen.has(attr.name)) accept('error', `\`${attr.name}\` given twice in one placement spec`, { node: attr, code: SYNTAX_CODE });
            seen.add(attr.name);
            if (AFFINITY_ATTRS.has(attr.name) && ++affinities === 2) {
                accept('error', 'at most one affinity (`core`, `cores`, `node` or `l3`) per placement spec', { node: attr, code: SYNTAX_CODE });
            }
        }
    }
}

function endOf(node: AstNode) {
    const end = node.$cstNode?.range.end ?? { line: 0, character: 0 };
    return { start: end, end };
}

export function registerSyntaxChecks(services: HaleServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.HaleSyntaxValidator;
    const checks: ValidationChecks<HaleAstType> = {
        ExpressionStatement: [validator.checkStatementTerminator, validator.checkEachBody],
        BinaryExpression: validator.checkNonAssociative,
        ApproxExpression: validator.checkApproxPlacement,
        Decorator: validator.checkDecorator,
        LocusDecl: validator.checkLocusDecorators,
        PlacementSpec: validator.checkPlacementSpec,
        Program: validator.checkImportsFirst,
        FunctionDecl: validator.checkDeclaredName,
        ParamField: validator.checkDeclaredName,
        Parameter: validator.checkDeclaredName,
        TypeDecl: validator.checkDeclaredName,
        TopicDecl: validator.checkDeclaredName,
        ConstDecl: validator.checkDeclaredName,
    };
    registry.register(checks, validator);
}
