/**
 * What the program model needs from one parsed file, extracted once per parse (see extract.ts) and kept
 * while the file does not change. Facts are plain data: no AST nodes, so a model snapshot does not pin
 * old syntax trees in memory and can be read from any feature. Ranges are LSP ranges (0-based lines,
 * UTF-16 columns), as the editor and upstream's labels count them.
 */
import type { Range } from 'vscode-languageserver-types';

export type { Range };

/** A place in the program: a file and a range in it. */
export interface Site {
    readonly uri: string;
    readonly range: Range;
}

/** A type as written: `Int`, `std::io::tcp::Listener`, `Box<Int>`, `[Int; 4]`, `perspective(Router)`. */
export interface TypeRef {
    /** The source text. */
    readonly text: string;
    /** For a named type, its path (`std::io::tcp::Listener`); undefined for tuples, arrays, fn types ... */
    readonly name?: string;
    readonly args: readonly TypeRef[];
    readonly range: Range;
}

export interface ImportFact {
    readonly path: string;
    readonly alias: string;
    readonly range: Range;
    readonly aliasRange: Range;
}

/** The subject of a bus member or a send: a declared topic (maybe `alias::Topic`), a literal, or computed. */
export type SubjectRef =
    | { readonly kind: 'topic'; readonly path: string; readonly range: Range }
    | { readonly kind: 'literal'; readonly value: string; readonly range: Range }
    | { readonly kind: 'computed'; readonly range: Range };

export interface BusMemberFact {
    readonly kind: 'publish' | 'subscribe';
    readonly subject: SubjectRef;
    readonly handler?: string;
    readonly handlerRange?: Range;
    /** `of type T` */
    readonly payloadType?: TypeRef;
    /** The source text of a `where key == ...` filter's right-hand side. */
    readonly keyFilter?: string;
    /** `publish T as name`: the name sends may use for the subject. */
    readonly alias?: string;
    /** The `publish` / `subscribe` keyword: where upstream anchors bus-member diagnostics. */
    readonly keywordRange: Range;
    readonly range: Range;
}

export type Affinity =
    | { readonly kind: 'core'; readonly core: number }
    | { readonly kind: 'cores-range'; readonly lo: number; readonly hi: number; readonly inclusive: boolean }
    | { readonly kind: 'cores-set'; readonly cores: readonly number[] }
    | { readonly kind: 'node'; readonly node: number }
    /** `l3 = name`; `byteStart`/`byteEnd` are UTF-8 byte offsets of the name in its file (upstream prints them). */
    | { readonly kind: 'l3'; readonly name: string; readonly range: Range; readonly byteStart: number; readonly byteEnd: number };

export interface PlacementEntryFact {
    readonly field: string;
    readonly fieldRange: Range;
    readonly range: Range;
    readonly kind: 'cooperative' | 'pinned';
    readonly specRange: Range;
    readonly pool?: string;
    readonly poolRange?: Range;
    readonly affinity?: Affinity;
    readonly affinityRange?: Range;
    readonly replicas?: number;
    readonly asyncIo: boolean;
    readonly asyncIoRange?: Range;
}

export interface BindingFact {
    readonly topic: string;
    readonly topicRange: Range;
    readonly transport: 'unix' | 'shm_ring' | 'adapter';
    /** `role: listen|connect` of a unix transport. */
    readonly role?: string;
    readonly adapter?: string;
    readonly adapterRange?: Range;
    readonly codec?: string;
    readonly codecRange?: Range;
    readonly range: Range;
}

export interface TopologyFact {
    readonly nodes: ReadonlyArray<{ readonly id: number; readonly range: Range; readonly l3: ReadonlyArray<{ readonly name: string; readonly cores: readonly number[]; readonly range: Range }> }>;
    readonly reserved: readonly number[];
}

/** Who is called: the shapes the call graph distinguishes. */
export type Callee =
    /** `f()`, `std::io::tcp::recv_into()`, `alias::f()`, `Type::make()` */
    | { readonly kind: 'path'; readonly path: string }
    /** `self.m()` */
    | { readonly kind: 'self'; readonly method: string }
    /** `self.a.m()`, `self.a.b.m()`: a method of a locus held in a field */
    | { readonly kind: 'selfField'; readonly fields: readonly string[]; readonly method: string }
    /** `x.m()` on a local, a parameter or any other expression: a handle, not followed */
    | { readonly kind: 'method'; readonly receiver: string; readonly method: string }
    | { readonly kind: 'other' };

/** Where a body construct sits: the loops around it (innermost last) and how many conditions guard it. */
export interface Context {
    readonly loops: readonly number[];
    /** Enclosing `if` / `match` / `or` fallback / loop bodies other than `while true`. */
    readonly guards: number;
}

export interface CallFact extends Context {
    readonly callee: Callee;
    /** The whole call expression. */
    readonly range: Range;
}

export interface SendFact extends Context {
    readonly subject: SubjectRef;
    /** The whole send statement; it starts at the subject, where upstream anchors. */
    readonly range: Range;
}

export interface LoopFact extends Context {
    readonly id: number;
    readonly kind: 'while' | 'for';
    /** `while true` */
    readonly forever: boolean;
    readonly keywordRange: Range;
    readonly range: Range;
}

export interface FlowFact extends Context {
    readonly kind: 'break' | 'continue' | 'return' | 'yield' | 'terminate' | 'fail' | 'violate';
    readonly range: Range;
}

/** `Name { ... }`: a struct value or a locus instance. */
export interface LiteralFact extends Context {
    readonly type: string;
    readonly typeRange: Range;
    readonly range: Range;
}

/** A path used as a value: `x`, `noop` (maybe a fn pointer), `Light::Red`, `std::time::now`. */
export interface NameUseFact {
    readonly path: string;
    readonly range: Range;
}

export interface BodyFacts {
    readonly calls: readonly CallFact[];
    readonly sends: readonly SendFact[];
    readonly loops: readonly LoopFact[];
    readonly flows: readonly FlowFact[];
    readonly literals: readonly LiteralFact[];
    readonly names: readonly NameUseFact[];
    /** Uses of `self`. */
    readonly selfUses: readonly Range[];
}

export interface DecoratorFact {
    readonly name: string;
    /** Keys of its arguments (`is`, `none` for `@effects(is: {money})`). */
    readonly keys: readonly string[];
}

export interface FnFact {
    readonly name: string;
    readonly nameRange: Range;
    readonly range: Range;
    /** `fn` (a free fn or a locus method) or a lifecycle hook (`run`, `birth`, `accept` ...). */
    readonly kind: 'fn' | 'hook';
    readonly params: ReadonlyArray<{ readonly name: string; readonly type?: TypeRef; readonly range: Range }>;
    readonly returnType?: TypeRef;
    readonly decorators: readonly DecoratorFact[];
    readonly hasBody: boolean;
    readonly body: BodyFacts;
}

export interface ParamFact {
    readonly name: string;
    readonly nameRange: Range;
    readonly type?: TypeRef;
    /** The type of a struct/locus literal default (`Gateway { }`). */
    readonly defaultLiteral?: string;
    readonly defaultLiteralRange?: Range;
    readonly defaultBody?: BodyFacts;
    readonly range: Range;
}

interface DeclBase {
    readonly name: string;
    readonly nameRange: Range;
    readonly range: Range;
    /** Enclosing `module` names, outermost first (upstream's graph shows bare names). */
    readonly modules: readonly string[];
}

export interface LocusFact extends DeclBase {
    readonly kind: 'locus';
    /** The `locus` keyword (upstream anchors locus-level diagnostics there, after any `main`). */
    readonly keywordRange: Range;
    readonly isMain: boolean;
    readonly decorators: readonly DecoratorFact[];
    readonly serves: ReadonlyArray<{ readonly name: string; readonly range: Range }>;
    readonly params: readonly ParamFact[];
    readonly bus: readonly BusMemberFact[];
    readonly placement: readonly PlacementEntryFact[];
    readonly placementRange?: Range;
    readonly bindings: readonly BindingFact[];
    readonly topology?: TopologyFact;
    readonly methods: readonly FnFact[];
    readonly hooks: readonly FnFact[];
}

export interface TopicFact extends DeclBase {
    readonly kind: 'topic';
    readonly parent?: string;
    readonly parentRange?: Range;
    readonly payload?: TypeRef;
    readonly subject?: string;
    readonly keyedBy?: string;
    readonly onUnmatched?: string;
}

export interface TypeFact extends DeclBase {
    readonly kind: 'type';
    readonly generics: readonly string[];
    readonly fields: ReadonlyArray<{ readonly name: string; readonly type?: TypeRef; readonly range: Range }>;
    readonly variants: ReadonlyArray<{ readonly name: string; readonly range: Range }>;
    readonly alias?: TypeRef;
}

/** A free fn: a declaration carrying the same facts as a method. */
export interface FreeFnFact extends DeclBase {
    readonly kind: 'fnDecl';
    readonly fnKind: 'fn';
    readonly params: FnFact['params'];
    readonly returnType?: TypeRef;
    readonly decorators: readonly DecoratorFact[];
    readonly hasBody: boolean;
    readonly body: BodyFacts;
}

export interface PerspectiveFact extends DeclBase {
    readonly kind: 'perspective';
    readonly methods: readonly string[];
}

export interface OtherDeclFact extends DeclBase {
    readonly kind: 'const' | 'interface' | 'group' | 'constitution' | 'effect' | 'domain' | 'target' | 'ring_layout';
}

export type DeclFact = LocusFact | TopicFact | TypeFact | FreeFnFact | PerspectiveFact | OtherDeclFact;

export interface FileFacts {
    readonly uri: string;
    /** The file has lexer or parser errors (its facts come from a recovered tree). */
    readonly hasSyntaxErrors: boolean;
    readonly imports: readonly ImportFact[];
    /** Every declaration, module members included (flattened, with `modules` set). */
    readonly decls: readonly DeclFact[];
}
