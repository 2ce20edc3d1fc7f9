/**
 * Parse errors in Hale's terms: "expected `;` after the params field, found `}`" rather than chevrotain's
 * token dumps. The parser tells us the rule it was in; `RULE_PHRASES` says what that rule is called in
 * Hale, and `RULE_EXPECTATIONS` what may start it when no alternative matched.
 */
import type { IToken, TokenType } from 'chevrotain';
import { LangiumParserErrorMessageProvider } from 'langium';

/** What a Hale programmer calls the construct each grammar rule parses. */
const RULE_PHRASES: Record<string, string> = {
    Program: 'the program', ImportDecl: 'the import', TopDecl: 'the declaration',
    Decorator: 'the annotation', DecoratorArg: 'the annotation argument', DecoratorSet: 'the annotation set',
    ModuleDecl: 'the module', LocusDecl: 'the locus', LocusHeaderItem: 'the locus header',
    TierAnnotation: 'the `tier` annotation', ProjectionAnnotation: 'the `projection` annotation',
    ServesClause: 'the `serves` clause', LocusMember: 'the locus body', ParamsBlock: 'the params block',
    ParamField: 'the params field', ContractBlock: 'the contract block', ContractMember: 'the contract entry',
    BusBlock: 'the bus block', BusMember: 'the bus block', BusSubject: 'the bus subject',
    BusSubscribe: 'the subscribe line', BusPublish: 'the publish line', TopicDecl: 'the topic declaration',
    TopicField: 'the topic field', TopicPayload: 'the topic payload', TopicSubject: 'the topic subject',
    TopicKeyedBy: 'the `keyed_by` field', TopicOnUnmatched: 'the `on_unmatched` field',
    TopicBounded: 'the `bounded` field', TopicOnFull: 'the `on_full` field',
    CapacityBlock: 'the capacity block', CapacitySlot: 'the capacity slot',
    LifecycleHook: 'the lifecycle hook', ModeDecl: 'the mode', FailureHandler: 'the `on_failure` handler',
    ClosureDecl: 'the closure', ClosureClause: 'the closure clause', ClosureEpoch: 'the `epoch` clause',
    ClosureFieldList: 'the closure field list', ClosureCaptures: 'the `captures` clause',
    BirthCheck: 'the `birth_check`', BindingsBlock: 'the bindings block', BindingEntry: 'the binding',
    Transport: 'the transport', UnixTransport: 'the `unix(...)` transport',
    ShmRingTransport: 'the `shm_ring(...)` transport', TransportArg: 'the transport argument',
    AdapterTransport: 'the adapter transport', CodecSpec: 'the `codec(...)` clause',
    PlacementBlock: 'the placement block', PlacementEntry: 'the placement entry',
    PlacementSpec: 'the placement spec', PlacementAttr: 'the placement attribute',
    PlacementValue: 'the placement attribute value', CoreRange: 'the core range', CoreSet: 'the core set',
    TopologyBlock: 'the topology block', TopologyReserve: 'the `reserve` line', TopologyNode: 'the NUMA node',
    TopologyL3: 'the `l3` domain', CoreSelection: 'the core selection', ClaimsBlock: 'the claims block',
    ClaimEntry: 'the claim', NamedClaim: 'the claim', AdoptClaim: 'the `adopt` line', ClaimForm: 'the claim',
    ForbidClaim: 'the `forbid reaches` claim', ClaimSet: 'the claim set', ViaClause: 'the `via` clause',
    OnlyEdgesClaim: 'the `only edges` claim', EdgeGrant: 'the edge grant', BoundClaim: 'the `bound` claim',
    RequireClaim: 'the `require` claim', CoverClaim: 'the `cover` claim', CountClaim: 'the `count` claim',
    EffectClassRef: 'the effect class', GroupDecl: 'the group', GroupMember: 'the group member',
    ConstitutionDecl: 'the constitution', EffectDecl: 'the effect declaration', DomainDecl: 'the domain',
    InterfaceDecl: 'the interface', InterfaceMethod: 'the interface method', PerspectiveDecl: 'the perspective',
    PerspectiveMember: 'the perspective body', RingLayoutDecl: 'the ring layout', RingLayoutMember: 'the ring layout',
    TargetDecl: 'the target', TypeDecl: 'the type declaration', StructField: 'the record field',
    EnumVariant: 'the enum variant', GenericParam: 'the generic parameter', ConstDecl: 'the const',
    FunctionDecl: 'the fn', Parameter: 'the parameter', TypeExpr: 'the type', NamedType: 'the type',
    TupleType: 'the tuple type', ArrayType: 'the array type', BoundedType: 'the `bounded[T; N]` type',
    PerspectiveType: 'the `perspective(P)` type', FunctionType: 'the fn type', Block: 'the block',
    Statement: 'the statement', LetStatement: 'the `let` statement', WhileStatement: 'the `while` loop',
    ForStatement: 'the `for` loop', ReturnStatement: 'the `return` statement',
    BreakStatement: 'the `break` statement', ContinueStatement: 'the `continue` statement',
    YieldStatement: 'the `yield` statement', TerminateStatement: 'the `terminate` statement',
    RecoveryStatement: 'the recovery statement', ViolateStatement: 'the `violate` statement',
    FailStatement: 'the `fail` statement', ReperspectiveStatement: 'the `reperspective` statement',
    ExpressionStatement: 'the statement', MatchExpression: 'the `match`', MatchArm: 'the match arm',
    Pattern: 'the pattern', TuplePattern: 'the tuple pattern', ConstructorPattern: 'the pattern',
    IfExpression: 'the `if`', StructLiteral: 'the struct literal', FieldInit: 'the field initialiser',
    ParenthesizedExpression: 'the parenthesised expression', ArrayLiteral: 'the array literal',
    FormatString: 'the f-string', NameExpression: 'the name', CallExpression: 'the call',
    DecoratorValue: 'the annotation argument', DecoratorSetItem: 'the annotation set', PlacementNumber: 'the placement attribute value',
    PlacementWord: 'the placement attribute value', EffectsClaimSet: 'the `effects(...)` claim set', GroupClaimSet: 'the claim set',
    DuringClause: 'the `during` clause', AvoidingClause: 'the `avoiding` clause', StableWhen: 'the `stable_when` block',
    SerializeAs: 'the `serialize_as` line', RingMagic: 'the `magic` line', RingDataAt: 'the `data_at` line',
    RingOverflow: 'the `overflow` line', RingScalarField: 'the ring layout field', RingCursor: 'the `cursor` block',
    RingFraming: 'the `framing` block', RingAttr: 'the ring layout attribute',
    RangeExpression: 'the range', AssignmentExpression: 'the assignment', OrDisposition: 'the `or` clause',
    LogicalExpression: 'the expression', ApproxExpression: 'the `~~` assertion', ComparisonExpression: 'the expression',
    UnaryExpression: 'the expression', PostfixExpression: 'the expression', SelfExpression: 'the expression',
    BlockExpression: 'the block', LiteralPattern: 'the pattern', IntLiteral: 'the number', FloatLiteral: 'the number',
    DecimalLiteral: 'the number', DurationLiteral: 'the duration', StringLiteral: 'the string', BytesLiteral: 'the byte string',
    TimeLiteral: 'the time literal', BoolLiteral: 'the literal', NilLiteral: 'the literal',
};

/** What may come where no alternative matched, for the rules where the list helps. */
const RULE_EXPECTATIONS: Record<string, string> = {
    TopDecl: 'a top-level declaration (`locus`, `main locus`, `fn`, `type`, `topic`, `const`, `interface`, ...)',
    Program: 'a top-level declaration (`locus`, `main locus`, `fn`, `type`, `topic`, `const`, `interface`, ...)',
    LocusMember: 'a locus member (`params`, `bus`, `fn`, `birth`, `run`, `drain`, `dissolve`, `placement`, ...)',
    BusMember: '`subscribe` or `publish`',
    TopicField: 'a topic field (`payload:`, `subject:`, `keyed_by`, `on_unmatched:`, `bounded(N)`, `on_full:`)',
    TypeExpr: 'a type',
    NamedType: 'a type',
    Statement: 'a statement',
    PrimaryExpression: 'an expression',
    Expression: 'an expression',
    Pattern: 'a pattern',
    PlacementSpec: '`cooperative` or `pinned`',
    PlacementValue: 'a number, a name or a core range',
    Literal: 'a literal',
    ClaimForm: 'a claim (`forbid reaches`, `only edges`, `bound`, `require`, `cover`, `count`)',
};

export function describeToken(token: IToken | undefined): string {
    if (!token || token.tokenType?.name === 'EOF' || isNaN(token.startOffset)) return 'the end of the file';
    const name = token.tokenType.name;
    switch (name) {
        case 'ID': return `\`${token.image}\``;
        case 'INT': case 'FLOAT': case 'DECIMAL': case 'DURATION': return `the number \`${token.image}\``;
        case 'STRING': return 'a string';
        case 'BYTES': return 'a byte string';
        case 'BACKTICK': return 'a backtick literal';
        case 'FSTRING_WHOLE': case 'FSTRING_HEAD': return 'an f-string';
        default: return `\`${token.image}\``;
    }
}

function describeExpected(type: TokenType): string {
    switch (type.name) {
        case 'ID': return 'a name';
        case 'INT': return 'an integer';
        case 'STRING': return 'a string';
        case 'FLOAT': return 'a number';
        case 'EOF': return 'the end of the file';
        default: return `\`${type.name}\``;
    }
}

/** Langium suffixes rule names with a zero-width space to keep them apart from user names. */
function baseRule(ruleName: string): string {
    return ruleName.replace(/\u200B/g, '');
}

function phrase(ruleName: string): string {
    return RULE_PHRASES[baseRule(ruleName)] ?? 'this construct';
}

export class HaleParserErrorMessageProvider extends LangiumParserErrorMessageProvider {

    override buildMismatchTokenMessage({ expected, actual, ruleName }: {
        expected: TokenType; actual: IToken; previous: IToken; ruleName: string;
    }): string {
        const what = describeExpected(expected);
        const where = phrase(ruleName);
        const found = describeToken(actual);
        switch (expected.name) {
            case 'EOF': return `expected ${RULE_EXPECTATIONS.TopDecl}, found ${found}`;
            case ';': return `expected \`;\` after ${where}, found ${found}`;
            case '}': case ')': case ']': case '>': return `expected ${what} to close ${where}, found ${found}`;
            case '{': case '(': return `expected ${what} to open ${where}, found ${found}`;
            default: return `expected ${what} in ${where}, found ${found}`;
        }
    }

    override buildNotAllInputParsedMessage({ firstRedundant }: { firstRedundant: IToken; ruleName: string }): string {
        return `expected ${RULE_EXPECTATIONS.TopDecl}, found ${describeToken(firstRedundant)}`;
    }

    override buildNoViableAltMessage({ actual, ruleName }: {
        expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string;
    }): string {
        const base = baseRule(ruleName);
        const expected = RULE_EXPECTATIONS[base] ?? `a valid continuation of ${phrase(ruleName)}`;
        return `expected ${expected}, found ${describeToken(actual[0])}`;
    }

    override buildEarlyExitMessage({ actual, ruleName }: {
        expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string;
    }): string {
        return `expected more of ${phrase(ruleName)}, found ${describeToken(actual[0])}`;
    }
}
