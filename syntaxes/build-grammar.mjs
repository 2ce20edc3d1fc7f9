// Builds syntaxes/hale.tmLanguage.json, the TextMate grammar for Hale.
//
// The grammar is written here rather than as raw JSON because its regexes
// share pieces (identifiers, keyword sets, statement-start anchors) and JSON
// would double every backslash. Run `node syntaxes/build-grammar.mjs` after
// editing; the extension's TextMate test fails when the JSON is stale.
//
// Sources: hale-reference/spec/tokens.md (lexical layer, which words are hard
// and which contextual), grammar.ebnf (where contextual words act as
// keywords), precedence.md (operators), and the corpus programs.
//
// Structure: declarations and locus members are begin/end regions, so a word
// like `pool`, `mode`, `topic` or `where` is a keyword only inside the region
// where Hale's parser treats it as one (a placement block, a locus body, the
// top level) and an ordinary identifier everywhere else.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const r = String.raw;

/** An identifier (tokens.md: ASCII only). */
const ID = r`[A-Za-z_][A-Za-z0-9_]*`;
/** Word boundaries that do not treat non-ASCII letters as word characters. */
const B = r`(?<![A-Za-z0-9_])`;
const E = r`(?![A-Za-z0-9_])`;
/** A word from a list, standing alone. */
const words = (list) => `${B}(?:${list.join('|')})${E}`;
/** Start of a statement: line start, or just after `{`, `}`, `;` or an arm arrow. */
const STMT = r`(?:^|(?<=[{};])|(?<=->)|(?<==>))\s*`;

const PRIMITIVE_TYPES = ['Int', 'Uint', 'Float', 'Decimal', 'String', 'Bool', 'Time', 'Duration',
  'Bytes', 'BytesView', 'StringView', 'BytesMut'];
const BUILTIN_FUNCTIONS = ['print', 'println', 'to_string', 'len', 'abs', 'min', 'max', 'sum', 'prod'];
const BUILTIN_EFFECTS = ['syscall', 'block', 'time', 'entropy', 'env', 'ffi', 'publish', 'spawn',
  'recursion', 'alloc', 'secret_use'];
const LIFECYCLE = ['birth', 'accept', 'release', 'run', 'drain', 'dissolve'];
const RECOVERY = ['restart_in_place', 'restart', 'quarantine', 'reorganize', 'bubble'];
const RESERVED = ['trait', 'impl', 'async', 'await', 'macro'];
const DURATION_UNIT = '(?:ns|us|ms|s|m|h|d)';
const INT_SUFFIX = '(?:[iu](?:8|16|32|64|128|size))';

// ---------------------------------------------------------------- helpers

/** A `{ ... }` body region with the given patterns. */
function body(name, patterns) {
  return {
    name,
    begin: r`\{`,
    beginCaptures: { 0: { name: 'punctuation.section.block.begin.hale' } },
    end: r`\}`,
    endCaptures: { 0: { name: 'punctuation.section.block.end.hale' } },
    patterns,
  };
}

/** A member block introduced by a keyword: `params {`, `bus {`, `placement {` ... */
function memberBlock(keyword, name, patterns) {
  return {
    name,
    begin: `${B}(${keyword})\\s*(\\{)`,
    beginCaptures: {
      1: { name: `keyword.other.${keyword.replace(/_/g, '-')}.hale` },
      2: { name: 'punctuation.section.block.begin.hale' },
    },
    end: r`\}`,
    endCaptures: { 0: { name: 'punctuation.section.block.end.hale' } },
    patterns: [{ include: '#comments' }, ...patterns],
  };
}

const inc = (...names) => names.map((n) => ({ include: `#${n}` }));

// ---------------------------------------------------------------- repository

const repository = {
  // ------------------------------------------------------------ top level
  'top-level': {
    patterns: [
      ...inc('comments', 'import', 'decorator', 'locus', 'function', 'type-declaration', 'topic',
        'interface', 'perspective', 'module', 'const', 'group', 'constitution', 'ring-layout',
        'target', 'effect', 'domain', 'claims-block', 'export'),
      // Doc fragments often show a locus member or a statement on its own;
      // tokenizing them as such keeps their braces balanced.
      ...inc('locus-member', 'statements'),
    ],
  },

  // ------------------------------------------------------------ comments
  comments: {
    patterns: [
      {
        // `///` lines are doc comments; `////...` rules are ordinary comments.
        name: 'comment.line.documentation.hale',
        begin: r`///(?!/)`,
        beginCaptures: { 0: { name: 'punctuation.definition.comment.hale' } },
        end: r`(?=$)`,
        patterns: [{ name: 'markup.inline.raw.string.hale', match: r`\x60[^\x60]*\x60` }],
      },
      {
        name: 'comment.line.double-slash.hale',
        begin: r`//`,
        beginCaptures: { 0: { name: 'punctuation.definition.comment.hale' } },
        end: r`(?=$)`,
      },
      {
        // Block comments do not nest (tokens.md): the first `*/` closes.
        name: 'comment.block.hale',
        begin: r`/\*`,
        beginCaptures: { 0: { name: 'punctuation.definition.comment.begin.hale' } },
        end: r`\*/`,
        endCaptures: { 0: { name: 'punctuation.definition.comment.end.hale' } },
      },
    ],
  },

  // ------------------------------------------------------------ declarations
  import: {
    // import "path" as alias;
    match: `${B}(import)${E}(?:\\s*((")[^"]*("))?\\s*(?:${B}(as)\\s+(${ID}))?)`,
    captures: {
      1: { name: 'keyword.control.import.hale' },
      2: { name: 'string.quoted.double.hale' },
      3: { name: 'punctuation.definition.string.begin.hale' },
      4: { name: 'punctuation.definition.string.end.hale' },
      5: { name: 'keyword.control.as.hale' },
      6: { name: 'entity.name.namespace.hale' },
    },
  },
  export: { name: 'keyword.control.export.hale', match: words(['export']) },

  decorator: {
    patterns: [
      {
        name: 'meta.decorator.hale',
        begin: `(@)\\s*(${ID})\\s*(\\()`,
        beginCaptures: {
          1: { name: 'punctuation.definition.decorator.hale' },
          2: { name: 'entity.name.function.decorator.hale' },
          3: { name: 'punctuation.section.parens.begin.hale' },
        },
        end: r`\)`,
        endCaptures: { 0: { name: 'punctuation.section.parens.end.hale' } },
        patterns: inc('decorator-arguments'),
      },
      {
        name: 'meta.decorator.hale',
        match: `(@)\\s*(${ID})`,
        captures: {
          1: { name: 'punctuation.definition.decorator.hale' },
          2: { name: 'entity.name.function.decorator.hale' },
        },
      },
    ],
  },
  'decorator-arguments': {
    patterns: [
      ...inc('comments', 'strings', 'numbers'),
      // @effects(none: {...}), @phase_effects(birth: {...})
      { match: `(${ID})\\s*(:)(?!:)`, captures: { 1: { name: 'variable.parameter.decorator.hale' }, 2: { name: 'punctuation.separator.colon.hale' } } },
      // @budget(alloc_per_call = 0), @form(vec, cap = 16)
      { match: `(${ID})\\s*(=)(?!=)`, captures: { 1: { name: 'variable.parameter.decorator.hale' }, 2: { name: 'keyword.operator.assignment.hale' } } },
      { name: 'support.constant.effect.hale', match: words(BUILTIN_EFFECTS) },
      { name: 'support.constant.form.hale', match: words(['vec', 'hashmap', 'ring_buffer', 'lru_cache']) },
      { name: 'support.constant.locality.hale', match: words(['L1', 'L2', 'L3', 'any']) },
      {
        begin: r`\{`, beginCaptures: { 0: { name: 'punctuation.section.braces.begin.hale' } },
        end: r`\}`, endCaptures: { 0: { name: 'punctuation.section.braces.end.hale' } },
        patterns: inc('decorator-arguments'),
      },
      {
        begin: r`\(`, beginCaptures: { 0: { name: 'punctuation.section.parens.begin.hale' } },
        end: r`\)`, endCaptures: { 0: { name: 'punctuation.section.parens.end.hale' } },
        patterns: inc('decorator-arguments'),
      },
      ...inc('paths', 'identifiers', 'punctuation'),
    ],
  },

  locus: {
    // [main] locus Name [: serves P, tier N, projection rich] { members }
    name: 'meta.locus.hale',
    begin: `${B}(?:(main)\\s+)?(locus)\\s+(${ID})`,
    beginCaptures: {
      1: { name: 'storage.modifier.main.hale' },
      2: { name: 'storage.type.locus.hale' },
      3: { name: 'entity.name.type.locus.hale' },
    },
    end: r`(?<=\})|(?=[;}])`,
    patterns: [
      ...inc('comments'),
      { match: `${B}(serves)\\s+(${ID})`, captures: { 1: { name: 'keyword.other.serves.hale' }, 2: { name: 'entity.name.type.perspective.hale' } } },
      { match: `${B}(tier)${E}`, captures: { 1: { name: 'keyword.other.tier.hale' } } },
      { match: `${B}(projection)\\s+(rich|chunked|recognition)${E}`, captures: { 1: { name: 'keyword.other.projection.hale' }, 2: { name: 'support.constant.projection.hale' } } },
      { name: 'support.constant.projection.hale', match: words(['fixed_cell', 'shared_slab', 'spillover', 'summary_only']) },
      { match: `${B}(cap)\\s*(=)`, captures: { 1: { name: 'variable.parameter.hale' }, 2: { name: 'keyword.operator.assignment.hale' } } },
      ...inc('type-parameters'),
      body('meta.block.locus.hale', inc('locus-member', 'statements')),
      ...inc('numbers', 'identifiers', 'operators', 'punctuation', 'invalid'),
    ],
  },

  'locus-member': {
    patterns: [
      ...inc('comments', 'decorator', 'params-block', 'contract', 'bus-block', 'capacity-block',
        'placement-block', 'topology-block', 'bindings-block', 'claims-block', 'lifecycle',
        'mode', 'on-failure', 'closure', 'birth-check', 'function', 'type-declaration', 'const'),
    ],
  },

  'params-block': memberBlock('params', 'meta.params.hale', [
    {
      // name: Type = value;  |  name: inferred;
      match: `${STMT}(${ID})\\s*(:)(?!:)`,
      captures: { 1: { name: 'variable.other.property.hale' }, 2: { name: 'punctuation.separator.colon.hale' } },
    },
    { name: 'keyword.other.inferred.hale', match: words(['inferred']) },
    ...inc('expression'),
  ]),

  contract: {
    patterns: [
      {
        match: `${B}(contract)\\s*(:)\\s*(inferred)${E}`,
        captures: { 1: { name: 'keyword.other.contract.hale' }, 2: { name: 'punctuation.separator.colon.hale' }, 3: { name: 'keyword.other.inferred.hale' } },
      },
      memberBlock('contract', 'meta.contract.hale', [
        {
          match: `${B}(expose|consume)\\s+(?:(inferred)${E}|(${ID})\\s*(:)(?!:))`,
          captures: {
            1: { name: 'keyword.other.contract.hale' },
            2: { name: 'keyword.other.inferred.hale' },
            3: { name: 'variable.other.property.hale' },
            4: { name: 'punctuation.separator.colon.hale' },
          },
        },
        { name: 'keyword.other.contract.hale', match: words(['expose', 'consume']) },
        { name: 'keyword.other.inferred.hale', match: words(['inferred']) },
        ...inc('expression'),
      ]),
    ],
  },

  'bus-block': memberBlock('bus', 'meta.bus.hale', inc('bus-member')),
  'bus-member': {
    patterns: [
      {
        // subscribe Subject as handler
        match: `${B}(subscribe)\\s+("(?:[^"\\\\]|\\\\.)*"|${ID}(?:\\s*::\\s*${ID})*)\\s+(as)\\s+(${ID})`,
        captures: {
          1: { name: 'keyword.other.subscribe.hale' },
          2: { patterns: inc('bus-subject') },
          3: { name: 'keyword.other.as.hale' },
          4: { name: 'entity.name.function.handler.hale' },
        },
      },
      {
        // publish Subject
        match: `${B}(publish)\\s+("(?:[^"\\\\]|\\\\.)*"|${ID}(?:\\s*::\\s*${ID})*)`,
        captures: { 1: { name: 'keyword.other.publish.hale' }, 2: { patterns: inc('bus-subject') } },
      },
      { name: 'keyword.other.subscribe.hale', match: words(['subscribe']) },
      { name: 'keyword.other.publish.hale', match: words(['publish']) },
      { match: `${B}(of)\\s+(type)${E}`, captures: { 1: { name: 'keyword.other.of.hale' }, 2: { name: 'keyword.other.type.hale' } } },
      { match: `${B}(as)\\s+(${ID})`, captures: { 1: { name: 'keyword.other.as.hale' }, 2: { name: 'variable.other.publish-handle.hale' } } },
      { match: `${B}(bounded)\\s*(?=\\()`, captures: { 1: { name: 'keyword.other.bounded.hale' } } },
      { name: 'support.constant.shed-policy.hale', match: words(['drop_new', 'drop_old']) },
      // where key == <literal | const | self.field | _ | replica>
      { match: `${B}(where)\\s+(key)${E}`, captures: { 1: { name: 'keyword.other.where.hale' }, 2: { name: 'keyword.other.key.hale' } } },
      { match: `(?<===)\\s*(replica)${E}`, captures: { 1: { name: 'variable.language.replica.hale' } } },
      ...inc('expression'),
    ],
  },
  'bus-subject': {
    patterns: [
      ...inc('string'),
      { match: `(${ID})\\s*(::)`, captures: { 1: { name: 'entity.name.namespace.hale' }, 2: { name: 'punctuation.separator.namespace.hale' } } },
      { name: 'entity.name.type.topic.hale', match: ID },
    ],
  },

  'capacity-block': memberBlock('capacity', 'meta.capacity.hale', [
    {
      // pool X of T [indexed_by f] [as_parent_for L];   heap Y of T;
      match: `${STMT}(pool|heap)\\s+(${ID})`,
      captures: { 1: { name: 'keyword.other.slot.hale' }, 2: { name: 'variable.other.property.slot.hale' } },
    },
    { name: 'keyword.other.of.hale', match: words(['of']) },
    { match: `${B}(indexed_by)\\s+(${ID})`, captures: { 1: { name: 'keyword.other.capacity.hale' }, 2: { name: 'variable.other.property.hale' } } },
    { match: `${B}(as_parent_for)\\s+(${ID})`, captures: { 1: { name: 'keyword.other.capacity.hale' }, 2: { name: 'entity.name.type.locus.hale' } } },
    ...inc('expression'),
  ]),

  'placement-block': memberBlock('placement', 'meta.placement.hale', inc('placement-entry')),
  'placement-entry': {
    patterns: [
      ...inc('comments'),
      // field: cooperative(pool = io) where async_io;
      { match: `${STMT}(${ID})\\s*(:)(?!:)`, captures: { 1: { name: 'variable.other.property.hale' }, 2: { name: 'punctuation.separator.colon.hale' } } },
      { name: 'keyword.other.placement.hale', match: words(['cooperative', 'pinned']) },
      {
        match: `${B}(pool)\\s*(=)\\s*(${ID})`,
        captures: { 1: { name: 'variable.parameter.placement.hale' }, 2: { name: 'keyword.operator.assignment.hale' }, 3: { name: 'constant.other.pool.hale' } },
      },
      {
        match: `${B}(l3)\\s*(=)\\s*(${ID})`,
        captures: { 1: { name: 'variable.parameter.placement.hale' }, 2: { name: 'keyword.operator.assignment.hale' }, 3: { name: 'constant.other.l3-domain.hale' } },
      },
      {
        match: `${B}(core|cores|node|replicas)\\s*(=)(?!=)`,
        captures: { 1: { name: 'variable.parameter.placement.hale' }, 2: { name: 'keyword.operator.assignment.hale' } },
      },
      { name: 'keyword.other.where.hale', match: words(['where']) },
      { name: 'support.constant.placement-constraint.hale', match: words(['async_io']) },
      {
        begin: r`\{`, beginCaptures: { 0: { name: 'punctuation.section.braces.begin.hale' } },
        end: r`\}`, endCaptures: { 0: { name: 'punctuation.section.braces.end.hale' } },
        patterns: inc('comments', 'numbers', 'punctuation'),
      },
      ...inc('numbers', 'operators', 'punctuation', 'identifiers'),
    ],
  },

  'topology-block': memberBlock('topology', 'meta.topology.hale', inc('topology-member')),
  'topology-member': {
    patterns: [
      ...inc('comments'),
      { match: `${B}(reserve)\\s+(cores)${E}`, captures: { 1: { name: 'keyword.other.reserve.hale' }, 2: { name: 'keyword.other.cores.hale' } } },
      { match: `${B}(node)\\s+(?=\\d)`, captures: { 1: { name: 'keyword.other.node.hale' } } },
      { match: `${B}(l3)\\s+(${ID})`, captures: { 1: { name: 'keyword.other.l3.hale' }, 2: { name: 'constant.other.l3-domain.hale' } } },
      { match: `${B}(cores)${E}`, captures: { 1: { name: 'keyword.other.cores.hale' } } },
      body('meta.block.topology.hale', inc('topology-member')),
      ...inc('numbers', 'operators', 'punctuation', 'identifiers'),
    ],
  },

  'bindings-block': memberBlock('bindings', 'meta.bindings.hale', inc('binding-entry')),
  'binding-entry': {
    patterns: [
      ...inc('comments'),
      // Topic: transport [codec(L { })] [where constraint, ...];
      {
        match: `${STMT}(?!(?:role|slot_count|on_overflow|layout|buffer_size)\\s*:)(${ID}(?:\\s*::\\s*${ID})*)\\s*(:)(?!:)`,
        captures: { 1: { patterns: inc('bus-subject') }, 2: { name: 'punctuation.separator.colon.hale' } },
      },
      { match: `${B}(unix|shm_ring)\\s*(?=\\()`, captures: { 1: { name: 'support.function.transport.hale' } } },
      { match: `${B}(codec)\\s*(?=\\()`, captures: { 1: { name: 'keyword.other.codec.hale' } } },
      { name: 'keyword.other.where.hale', match: words(['where']) },
      { name: 'support.constant.binding-constraint.hale', match: words(['intra_process', 'intra_machine', 'cross_machine', 'zero_copy']) },
      {
        match: `${B}(role|slot_count|on_overflow|layout|buffer_size)\\s*(:)(?!:)`,
        captures: { 1: { name: 'variable.parameter.transport.hale' }, 2: { name: 'punctuation.separator.colon.hale' } },
      },
      { name: 'support.constant.transport.hale', match: words(['listen', 'connect', 'block', 'drop', 'fail']) },
      ...inc('expression'),
    ],
  },

  'claims-block': {
    // claims { name: claim; adopt Constitution; }   (main locus, or top level: library tier)
    name: 'meta.claims.hale',
    begin: `${B}(claims)\\s*(\\{)`,
    beginCaptures: { 1: { name: 'keyword.other.claims.hale' }, 2: { name: 'punctuation.section.block.begin.hale' } },
    end: r`\}`,
    endCaptures: { 0: { name: 'punctuation.section.block.end.hale' } },
    patterns: inc('claims-body'),
  },
  'claims-body': {
    patterns: [
      ...inc('comments'),
      { match: `${B}(adopt)\\s+(${ID})`, captures: { 1: { name: 'keyword.other.adopt.hale' }, 2: { name: 'entity.name.type.constitution.hale' } } },
      { match: `${STMT}(${ID})\\s*(:)(?!:)`, captures: { 1: { name: 'entity.name.label.claim.hale' }, 2: { name: 'punctuation.separator.colon.hale' } } },
      ...inc('claim-form'),
    ],
  },
  'claim-form': {
    patterns: [
      ...inc('comments'),
      {
        name: 'keyword.other.claim.hale',
        match: words(['forbid', 'reaches', 'via', 'during', 'avoiding', 'only', 'edges', 'bound', 'on',
          'paths', 'from', 'require', 'subscribes', 'publishes', 'sealed', 'attributed', 'all', 'some',
          'topic', 'cover', 'in', 'seed', 'subscribed_by', 'count', 'publishers', 'subscribers',
          'effects', 'calls', 'bus', 'publish', 'subscribe']),
      },
      { name: 'support.constant.effect.hale', match: words(BUILTIN_EFFECTS) },
      {
        begin: r`\{`, beginCaptures: { 0: { name: 'punctuation.section.braces.begin.hale' } },
        end: r`\}`, endCaptures: { 0: { name: 'punctuation.section.braces.end.hale' } },
        patterns: inc('claim-form'),
      },
      ...inc('numbers', 'paths', 'operators', 'punctuation', 'identifiers'),
    ],
  },

  lifecycle: {
    // [@unbounded] birth(params) [-> T] { ... }
    name: 'meta.function.lifecycle.hale',
    begin: `${B}(${LIFECYCLE.join('|')})\\s*(?=[({]|$)`,
    beginCaptures: { 1: { name: 'keyword.other.lifecycle.hale' } },
    end: r`(?<=\})|(?=[;}])`,
    patterns: inc('comments', 'function-header', 'block'),
  },
  mode: {
    // mode bulk(params) [-> T] { ... }   (`mode` is contextual: only here)
    name: 'meta.function.mode.hale',
    begin: `${B}(mode)\\s+(bulk|harmonic|resolution)${E}`,
    beginCaptures: { 1: { name: 'keyword.other.mode.hale' }, 2: { name: 'entity.name.function.mode.hale' } },
    end: r`(?<=\})|(?=[;}])`,
    patterns: inc('comments', 'function-header', 'block'),
  },
  'on-failure': {
    name: 'meta.function.on-failure.hale',
    begin: `${B}(on_failure)\\s*(?=\\(|$)`,
    beginCaptures: { 1: { name: 'keyword.other.on-failure.hale' } },
    end: r`(?<=\})|(?=[;}])`,
    patterns: inc('comments', 'function-header', 'block'),
  },
  'birth-check': {
    // birth_check { cond } -> violate name [(payload)];
    name: 'meta.birth-check.hale',
    begin: `${B}(birth_check)${E}`,
    beginCaptures: { 1: { name: 'keyword.other.birth-check.hale' } },
    end: r`;|(?=\})`,
    endCaptures: { 0: { name: 'punctuation.terminator.statement.hale' } },
    patterns: inc('statements'),
  },
  closure: {
    // closure name { assertion; epoch tick; persists_through(a); captures: f; }
    name: 'meta.closure.hale',
    begin: `${B}(closure)\\s+(${ID})`,
    beginCaptures: { 1: { name: 'keyword.other.closure.hale' }, 2: { name: 'entity.name.function.closure.hale' } },
    end: r`(?<=\})|(?=[;}])`,
    patterns: [
      ...inc('comments'),
      body('meta.block.closure.hale', [
        ...inc('comments'),
        {
          match: `${B}(epoch)\\s+(tick|birth|dissolve|explicit|inline|duration)${E}`,
          captures: { 1: { name: 'keyword.other.epoch.hale' }, 2: { name: 'support.constant.epoch.hale' } },
        },
        { name: 'keyword.other.epoch.hale', match: words(['epoch']) },
        { name: 'keyword.other.closure-clause.hale', match: words(['persists_through', 'resets_on', 'resets_per_epoch']) },
        { match: `${B}(captures)\\s*(:)(?!:)`, captures: { 1: { name: 'keyword.other.closure-clause.hale' }, 2: { name: 'punctuation.separator.colon.hale' } } },
        { name: 'keyword.operator.approx.hale', match: words(['approx', 'within']) },
        ...inc('statements'),
      ]),
    ],
  },

  function: {
    // fn name<T>(params) [-> T] [fallible(E)] { ... }   or a bodyless signature ending in `;`
    name: 'meta.function.hale',
    begin: `${B}(fn)\\s+(${ID})`,
    beginCaptures: { 1: { name: 'storage.type.function.hale' }, 2: { name: 'entity.name.function.hale' } },
    end: r`(?<=\})|(;)|(?=\})`,
    endCaptures: { 1: { name: 'punctuation.terminator.statement.hale' } },
    patterns: inc('comments', 'type-parameters', 'function-header', 'block'),
  },
  'function-header': {
    patterns: [
      {
        // fallible(ErrorPayload) after the return type
        begin: `${B}(fallible)\\s*(\\()`,
        beginCaptures: { 1: { name: 'storage.modifier.fallible.hale' }, 2: { name: 'punctuation.section.parens.begin.hale' } },
        end: r`\)`,
        endCaptures: { 0: { name: 'punctuation.section.parens.end.hale' } },
        patterns: inc('type-brackets', 'types'),
      },
      {
        name: 'meta.parameters.hale',
        begin: r`\(`,
        beginCaptures: { 0: { name: 'punctuation.section.parameters.begin.hale' } },
        end: r`\)`,
        endCaptures: { 0: { name: 'punctuation.section.parameters.end.hale' } },
        patterns: [
          ...inc('comments', 'decorator'),
          // name: Type [= default]
          { match: `(${ID})\\s*(:)(?!:)`, captures: { 1: { name: 'variable.parameter.hale' }, 2: { name: 'punctuation.separator.colon.hale' } } },
          ...inc('type-brackets', 'expression'),
        ],
      },
      { name: 'keyword.operator.arrow.hale', match: r`->` },
      ...inc('type-brackets', 'types'),
    ],
  },
  'type-parameters': {
    // <T, U: Bound> after a declared name
    name: 'meta.type-parameters.hale',
    begin: r`<`,
    beginCaptures: { 0: { name: 'punctuation.definition.typeparameters.begin.hale' } },
    end: r`>|(?=[{(;=])`,
    endCaptures: { 0: { name: 'punctuation.definition.typeparameters.end.hale' } },
    patterns: [
      ...inc('comments'),
      { match: `(?:(?<=[<,])|^)\\s*(${ID})`, captures: { 1: { name: 'entity.name.type.parameter.hale' } } },
      ...inc('types'),
    ],
  },
  'type-brackets': {
    // [T; N] inside a declaration header, where a bare `;` would end the header
    begin: r`\[`,
    beginCaptures: { 0: { name: 'punctuation.section.brackets.begin.hale' } },
    end: r`\]`,
    endCaptures: { 0: { name: 'punctuation.section.brackets.end.hale' } },
    patterns: inc('type-brackets', 'expression'),
  },

  'type-declaration': {
    // type Name<T> { fields }  |  type Name = enum { A, B(T) };  |  type Name = T;
    name: 'meta.type.hale',
    begin: `${B}(type)\\s+(${ID})`,
    beginCaptures: { 1: { name: 'storage.type.type.hale' }, 2: { name: 'entity.name.type.hale' } },
    end: r`(;)|(?<=\})(?!\s*;)|(?=\})`,
    endCaptures: { 1: { name: 'punctuation.terminator.statement.hale' } },
    patterns: [
      ...inc('comments', 'type-parameters'),
      {
        name: 'meta.enum.hale',
        begin: r`(enum)\s*(\{)`,
        beginCaptures: { 1: { name: 'storage.type.enum.hale' }, 2: { name: 'punctuation.section.block.begin.hale' } },
        end: r`\}`,
        endCaptures: { 0: { name: 'punctuation.section.block.end.hale' } },
        patterns: [
          ...inc('comments'),
          {
            // a variant's payload types: Trade(Decimal, Int)
            begin: r`\(`, beginCaptures: { 0: { name: 'punctuation.section.parens.begin.hale' } },
            end: r`\)`, endCaptures: { 0: { name: 'punctuation.section.parens.end.hale' } },
            patterns: inc('type-brackets', 'types'),
          },
          { match: `(?:(?<=[{,])|^)\\s*(${ID})`, captures: { 1: { name: 'variable.other.enummember.hale' } } },
          ...inc('expression'),
        ],
      },
      body('meta.record.hale', inc('record-field')),
      ...inc('type-brackets', 'types'),
    ],
  },
  'record-field': {
    patterns: [
      ...inc('comments'),
      // name: Type [= default] [`tag`];
      { match: `${STMT}(${ID})\\s*(:)(?!:)`, captures: { 1: { name: 'variable.other.property.hale' }, 2: { name: 'punctuation.separator.colon.hale' } } },
      ...inc('field-tag', 'expression'),
    ],
  },
  'field-tag': {
    // Go-style metadata tag: `json:"px" repr:"u8"`
    name: 'string.quoted.other.tag.hale',
    match: r`(\x60)([^\x60]*)(\x60)`,
    captures: {
      1: { name: 'punctuation.definition.string.begin.hale' },
      2: {
        patterns: [{
          match: r`([A-Za-z_][A-Za-z0-9_]*)(:)("[^"]*")`,
          captures: {
            1: { name: 'entity.other.attribute-name.tag.hale' },
            2: { name: 'punctuation.separator.key-value.hale' },
            3: { name: 'string.quoted.double.hale' },
          },
        }],
      },
      3: { name: 'punctuation.definition.string.end.hale' },
    },
  },

  topic: {
    // topic Name [: Parent] { payload: T; subject: "..."; ... }   (`topic` is contextual)
    name: 'meta.topic.hale',
    begin: `${B}(topic)\\s+(${ID})(?=\\s*(?::(?!:)|\\{|$|//|/\\*))`,
    beginCaptures: { 1: { name: 'storage.type.topic.hale' }, 2: { name: 'entity.name.type.topic.hale' } },
    end: r`(?<=\})|(?=[;}])`,
    patterns: [
      ...inc('comments'),
      { match: `(:)\\s*(${ID})`, captures: { 1: { name: 'punctuation.separator.colon.hale' }, 2: { name: 'entity.name.type.topic.hale' } } },
      body('meta.block.topic.hale', [
        ...inc('comments'),
        {
          match: `${B}(payload|subject|on_unmatched|on_full)\\s*(:)(?!:)`,
          captures: { 1: { name: 'keyword.other.topic-field.hale' }, 2: { name: 'punctuation.separator.colon.hale' } },
        },
        { match: `${B}(keyed_by)\\s+(${ID})`, captures: { 1: { name: 'keyword.other.topic-field.hale' }, 2: { name: 'variable.other.property.hale' } } },
        { match: `${B}(bounded)\\s*(?=\\()`, captures: { 1: { name: 'keyword.other.topic-field.hale' } } },
        { name: 'support.constant.policy.hale', match: words(['swallow', 'fail', 'fallback']) },
        ...inc('expression'),
      ]),
    ],
  },

  interface: {
    name: 'meta.interface.hale',
    begin: `${B}(interface)\\s+(${ID})`,
    beginCaptures: { 1: { name: 'storage.type.interface.hale' }, 2: { name: 'entity.name.type.interface.hale' } },
    end: r`(?<=\})|(?=[;}])`,
    patterns: [...inc('comments'), body('meta.block.interface.hale', inc('comments', 'decorator', 'function', 'statements'))],
  },

  perspective: {
    // perspective Name<T> { fn sig; bus { } params { } stable_when { } serialize_as T; }
    name: 'meta.perspective.hale',
    begin: `${B}(perspective)\\s+(${ID})`,
    beginCaptures: { 1: { name: 'storage.type.perspective.hale' }, 2: { name: 'entity.name.type.perspective.hale' } },
    end: r`(?<=\})|(?=[;}])`,
    patterns: [
      ...inc('comments', 'type-parameters'),
      body('meta.block.perspective.hale', [
        ...inc('comments', 'decorator', 'params-block', 'bus-block', 'function'),
        { name: 'keyword.other.perspective.hale', match: words(['stable_when', 'serialize_as']) },
        ...inc('statements'),
      ]),
    ],
  },

  module: {
    name: 'meta.module.hale',
    begin: `${B}(module)\\s+(${ID})`,
    beginCaptures: { 1: { name: 'storage.type.module.hale' }, 2: { name: 'entity.name.namespace.hale' } },
    end: r`(?<=\})|(?=[;}])`,
    patterns: [...inc('comments'), body('meta.block.module.hale', inc('top-level'))],
  },

  const: {
    // const NAME: T = value;
    match: `${B}(const)\\s+(${ID})`,
    captures: { 1: { name: 'storage.type.const.hale' }, 2: { name: 'variable.other.constant.hale' } },
  },

  group: {
    // group name = { A, alias::B, alias::* } [may_be_empty];   (`group` is contextual)
    name: 'meta.group.hale',
    begin: `${B}(group)\\s+(${ID})(?=\\s*=)`,
    beginCaptures: { 1: { name: 'storage.type.group.hale' }, 2: { name: 'entity.name.type.group.hale' } },
    end: r`(;)|(?=\})`,
    endCaptures: { 1: { name: 'punctuation.terminator.statement.hale' } },
    patterns: [
      ...inc('comments'),
      { name: 'storage.modifier.may-be-empty.hale', match: words(['may_be_empty']) },
      {
        begin: r`\{`, beginCaptures: { 0: { name: 'punctuation.section.braces.begin.hale' } },
        end: r`\}`, endCaptures: { 0: { name: 'punctuation.section.braces.end.hale' } },
        patterns: [
          ...inc('comments'),
          { match: r`(::)\s*(\*)`, captures: { 1: { name: 'punctuation.separator.namespace.hale' }, 2: { name: 'keyword.operator.glob.hale' } } },
          ...inc('paths', 'types', 'identifiers', 'punctuation'),
        ],
      },
      ...inc('operators'),
    ],
  },

  constitution: {
    // constitution Name [extends A, B] { name: claim; }
    name: 'meta.constitution.hale',
    begin: `${B}(constitution)\\s+(${ID})`,
    beginCaptures: { 1: { name: 'storage.type.constitution.hale' }, 2: { name: 'entity.name.type.constitution.hale' } },
    end: r`(?<=\})|(?=[;}])`,
    patterns: [
      ...inc('comments'),
      { name: 'storage.modifier.extends.hale', match: words(['extends']) },
      { name: 'entity.name.type.constitution.hale', match: ID },
      { name: 'punctuation.separator.comma.hale', match: ',' },
      body('meta.block.constitution.hale', inc('claims-body')),
    ],
  },

  'ring-layout': {
    // ring_layout Name { magic N; field V at OFF : repr; cursor c { ... } framing f { ... } }
    name: 'meta.ring-layout.hale',
    begin: `${B}(ring_layout)\\s+(${ID})(?=\\s*(?:\\{|$))`,
    beginCaptures: { 1: { name: 'storage.type.ring-layout.hale' }, 2: { name: 'entity.name.type.ring-layout.hale' } },
    end: r`(?<=\})|(?=[;}])`,
    patterns: [...inc('comments'), body('meta.block.ring-layout.hale', inc('ring-layout-member'))],
  },
  'ring-layout-member': {
    patterns: [
      ...inc('comments'),
      { match: `${STMT}(magic|data_at|overflow)${E}`, captures: { 1: { name: 'keyword.other.ring-layout.hale' } } },
      { match: `${STMT}(cursor|framing)${E}(?:\\s+(${ID}))?`, captures: { 1: { name: 'keyword.other.ring-layout.hale' }, 2: { name: 'entity.name.other.ring-layout.hale' } } },
      { match: `${STMT}(${ID})`, captures: { 1: { name: 'variable.other.property.hale' } } },
      { name: 'keyword.other.ring-layout.hale', match: words(['at']) },
      body('meta.block.ring-layout.hale', inc('ring-layout-member')),
      ...inc('numbers', 'operators', 'punctuation'),
      { name: 'support.constant.ring-layout.hale', match: ID },
      ...inc('invalid'),
    ],
  },

  target: {
    // target name { capability.path, ... }   (`target` is contextual)
    name: 'meta.target.hale',
    begin: `${B}(target)\\s+(${ID})(?=\\s*(?:\\{|$))`,
    beginCaptures: { 1: { name: 'storage.type.target.hale' }, 2: { name: 'entity.name.type.target.hale' } },
    end: r`(?<=\})|(?=[;}])`,
    patterns: [
      ...inc('comments'),
      body('meta.block.target.hale', [
        ...inc('comments'),
        { name: 'support.constant.capability.hale', match: ID },
        ...inc('punctuation'),
      ]),
    ],
  },

  effect: {
    // effect NAME;  effect NAME = { A, B };  effect family(domain);   (`effect` is contextual)
    name: 'meta.effect.hale',
    begin: `${B}(effect)\\s+(${ID})(?=\\s*[;=(])`,
    beginCaptures: { 1: { name: 'storage.type.effect.hale' }, 2: { name: 'entity.name.type.effect.hale' } },
    end: r`(;)|(?=\})`,
    endCaptures: { 1: { name: 'punctuation.terminator.statement.hale' } },
    patterns: inc('comments', 'effect-set'),
  },
  domain: {
    // domain NAME = { a, b };   (`domain` is contextual)
    name: 'meta.domain.hale',
    begin: `${B}(domain)\\s+(${ID})(?=\\s*=)`,
    beginCaptures: { 1: { name: 'storage.type.domain.hale' }, 2: { name: 'entity.name.type.domain.hale' } },
    end: r`(;)|(?=\})`,
    endCaptures: { 1: { name: 'punctuation.terminator.statement.hale' } },
    patterns: inc('comments', 'effect-set'),
  },
  'effect-set': {
    patterns: [
      ...inc('comments'),
      {
        begin: r`\{`, beginCaptures: { 0: { name: 'punctuation.section.braces.begin.hale' } },
        end: r`\}`, endCaptures: { 0: { name: 'punctuation.section.braces.end.hale' } },
        patterns: inc('effect-set'),
      },
      { name: 'support.constant.effect.hale', match: words(BUILTIN_EFFECTS) },
      ...inc('operators', 'punctuation', 'identifiers'),
    ],
  },

  // ------------------------------------------------------------ statements and expressions
  statements: {
    patterns: [
      ...inc('comments'),
      {
        // let [mut] name
        match: `${B}(let)\\s+(?:(mut)\\s+)?(${ID})`,
        captures: { 1: { name: 'storage.type.let.hale' }, 2: { name: 'storage.modifier.mut.hale' }, 3: { name: 'variable.other.declaration.hale' } },
      },
      {
        // for x in expr
        match: `${B}(for)\\s+(${ID})\\s+(in)${E}`,
        captures: { 1: { name: 'keyword.control.loop.hale' }, 2: { name: 'variable.other.declaration.hale' }, 3: { name: 'keyword.control.loop.in.hale' } },
      },
      {
        // fail <payload>;  (contextual: only as a statement head)
        match: `${STMT}(fail)${E}(?!\\s*(?:=(?!=)|[.,;:)\\]}]))`,
        captures: { 1: { name: 'keyword.control.flow.fail.hale' } },
      },
      {
        // violate closure_name [with payload];  (contextual: only as a statement head)
        match: `${STMT}(violate)\\s+(${ID})(?:\\s+(with)${E})?`,
        captures: { 1: { name: 'keyword.control.flow.violate.hale' }, 2: { name: 'entity.name.function.closure.hale' }, 3: { name: 'keyword.control.flow.violate.hale' } },
      },
      {
        // reperspective self.field as Impl;
        match: `${STMT}(reperspective)\\s+(self)\\s*(\\.)\\s*(${ID})(?:\\s+(as)\\s+(${ID}))?`,
        captures: {
          1: { name: 'keyword.control.reperspective.hale' },
          2: { name: 'variable.language.self.hale' },
          3: { name: 'punctuation.accessor.hale' },
          4: { name: 'variable.other.property.hale' },
          5: { name: 'keyword.control.as.hale' },
          6: { name: 'entity.name.type.locus.hale' },
        },
      },
      {
        // recovery primitives: restart(child); drain(child); quarantine(child) for 30s;
        match: `${STMT}(drain|dissolve)\\s*(?=\\()`,
        captures: { 1: { name: 'keyword.control.recovery.hale' } },
      },
      { match: `${B}(until)(?=\\s)`, captures: { 1: { name: 'keyword.control.recovery.hale' } } },
      ...inc('expression'),
    ],
  },

  block: body('meta.block.hale', inc('statements')),

  expression: {
    patterns: [
      ...inc('comments', 'strings', 'time-literal', 'numbers', 'keywords', 'or-disposition',
        'paths', 'member-access', 'type-keywords', 'calls', 'shm-write', 'block', 'field-name',
        'identifiers', 'operators', 'punctuation', 'invalid'),
    ],
  },

  // Types in annotation position; generic argument lists on PascalCase names.
  types: {
    patterns: inc('comments', 'type-keywords', 'paths', 'numbers', 'keywords', 'identifiers', 'operators', 'punctuation', 'invalid'),
  },
  'type-keywords': {
    patterns: [
      { match: `${B}(bounded)\\s*(?=\\[)`, captures: { 1: { name: 'storage.type.bounded.hale' } } },
      { match: `${B}(perspective)\\s*(?=\\()`, captures: { 1: { name: 'storage.type.perspective.hale' } } },
      { match: `${B}(fallible)\\s*(?=\\()`, captures: { 1: { name: 'storage.modifier.fallible.hale' } } },
    ],
  },
  'type-name': {
    patterns: [
      {
        // Name<Args>: a generic argument list written against the name (`Rich<T>`, `Map<K, V>`)
        match: `${B}([A-Z][A-Za-z0-9_]*)(<)((?:[^<>()]|<[^<>()]*>)*)(>)`,
        captures: {
          1: { patterns: inc('type-name') },
          2: { name: 'punctuation.definition.typeparameters.begin.hale' },
          3: { patterns: inc('types') },
          4: { name: 'punctuation.definition.typeparameters.end.hale' },
        },
      },
      { name: 'support.type.primitive.hale', match: words(PRIMITIVE_TYPES) },
      { name: 'support.type.projection.hale', match: words(['Rich', 'Chunked', 'Recognition']) },
      { name: 'variable.other.constant.hale', match: r`(?<![A-Za-z0-9_])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![A-Za-z0-9_])|(?<![A-Za-z0-9_])[A-Z][A-Z0-9]+(?![A-Za-z0-9_])` },
      { name: 'entity.name.type.hale', match: r`(?<![A-Za-z0-9_])[A-Z][A-Za-z0-9_]*(?![A-Za-z0-9_])` },
    ],
  },

  keywords: {
    patterns: [
      { name: 'keyword.control.conditional.hale', match: words(['if', 'else', 'match']) },
      { name: 'keyword.control.loop.hale', match: words(['for', 'while']) },
      { name: 'keyword.control.loop.in.hale', match: words(['in']) },
      { name: 'keyword.control.flow.hale', match: words(['return', 'break', 'continue', 'yield', 'terminate']) },
      { name: 'keyword.control.recovery.hale', match: words(RECOVERY) },
      { name: 'storage.type.let.hale', match: words(['let']) },
      { name: 'storage.modifier.mut.hale', match: words(['mut']) },
      { name: 'storage.type.function.hale', match: words(['fn']) },
      { name: 'variable.language.self.hale', match: words(['self']) },
      { name: 'constant.language.boolean.hale', match: words(['true', 'false']) },
      { name: 'constant.language.null.hale', match: words(['nil']) },
      { name: 'invalid.illegal.reserved.hale', match: words(RESERVED) },
    ],
  },

  'or-disposition': {
    // `or` addresses a fallible call's error (contextual): value or raise / discard / wait / fail e
    match: `(?:(?<=[A-Za-z0-9_)\\]}"\\x60])(?<!\\bfn|\\blet|\\bmut)\\s+|^\\s*)(or)${E}(?!\\s*(?:=(?!=)|[.,;:)\\]}]|->))(?:\\s+(raise|discard|wait|fail)${E}(?!\\s*(?:=(?!=)|[.(])))?`,
    captures: { 1: { name: 'keyword.control.disposition.hale' }, 2: { name: 'keyword.control.disposition.hale' } },
  },

  paths: {
    patterns: [
      {
        // std::a::b::name(  -> the standard library's functions
        match: `${B}(std)((?:\\s*::\\s*${ID})*?)\\s*(::)\\s*([a-z_][A-Za-z0-9_]*)${E}(?!\\s*::)`,
        captures: {
          1: { name: 'entity.name.namespace.std.hale' },
          2: { patterns: inc('std-segment') },
          3: { name: 'punctuation.separator.namespace.hale' },
          4: { name: 'support.function.std.hale' },
        },
      },
      {
        // std::a::Type   -> the standard library's types and constants
        match: `${B}(std)((?:\\s*::\\s*${ID})*?)\\s*(::)\\s*(?:([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z][A-Z0-9]+)|([A-Z][A-Za-z0-9_]*))${E}(?!\\s*::)`,
        captures: {
          1: { name: 'entity.name.namespace.std.hale' },
          2: { patterns: inc('std-segment') },
          3: { name: 'punctuation.separator.namespace.hale' },
          4: { name: 'support.constant.std.hale' },
          5: { name: 'support.type.std.hale' },
        },
      },
      {
        match: `${B}(std)\\s*(::)`,
        captures: { 1: { name: 'entity.name.namespace.std.hale' }, 2: { name: 'punctuation.separator.namespace.hale' } },
      },
      {
        // alias::Name, module::fn, Enum::Variant
        match: `${B}([a-z_][A-Za-z0-9_]*)\\s*(::)`,
        captures: { 1: { name: 'entity.name.namespace.hale' }, 2: { name: 'punctuation.separator.namespace.hale' } },
      },
      {
        match: `${B}([A-Z][A-Za-z0-9_]*)\\s*(::)`,
        captures: { 1: { name: 'entity.name.type.hale' }, 2: { name: 'punctuation.separator.namespace.hale' } },
      },
    ],
  },
  'std-segment': {
    patterns: [
      { name: 'punctuation.separator.namespace.hale', match: '::' },
      { name: 'support.type.std.hale', match: r`[A-Z][A-Za-z0-9_]*` },
      { name: 'entity.name.namespace.std.hale', match: ID },
    ],
  },

  'member-access': {
    patterns: [
      {
        match: `(?<!\\.)(\\.)(?!\\.)\\s*(${ID})(?=\\s*\\()`,
        captures: { 1: { name: 'punctuation.accessor.hale' }, 2: { name: 'entity.name.function.member.hale' } },
      },
      {
        match: `(?<!\\.)(\\.)(?!\\.)\\s*(${ID}|\\d+${E})`,
        captures: { 1: { name: 'punctuation.accessor.hale' }, 2: { name: 'variable.other.property.hale' } },
      },
    ],
  },

  calls: {
    patterns: [
      { match: `${B}(${BUILTIN_FUNCTIONS.join('|')})\\s*(?=\\()`, captures: { 1: { name: 'support.function.builtin.hale' } } },
      { match: `${B}([a-z_][A-Za-z0-9_]*)\\s*(?=\\()`, captures: { 1: { name: 'entity.name.function.call.hale' } } },
    ],
  },

  'shm-write': {
    // Recs.write(max) { w => ... }: the view binding before `=>`
    match: `(?<=\\{)\\s*(${ID})\\s*(=>)`,
    captures: { 1: { name: 'variable.parameter.hale' }, 2: { name: 'keyword.operator.arrow.hale' } },
  },

  'field-name': {
    // struct literal fields and named arguments: `Point { x: 1 }`, `shm_ring("/r", slot_count: 64)`
    match: `${B}([a-z_][A-Za-z0-9_]*)\\s*(:)(?![:=])`,
    captures: { 1: { name: 'variable.other.property.hale' }, 2: { name: 'punctuation.separator.colon.hale' } },
  },

  identifiers: {
    patterns: [
      { name: 'variable.language.wildcard.hale', match: r`(?<![A-Za-z0-9_])_(?![A-Za-z0-9_])` },
      ...inc('type-name'),
      { name: 'variable.other.hale', match: r`(?<![A-Za-z0-9_])[a-z_][A-Za-z0-9_]*(?![A-Za-z0-9_])` },
    ],
  },

  operators: {
    patterns: [
      { name: 'keyword.operator.send.hale', match: r`<-` },
      { name: 'keyword.operator.arrow.hale', match: r`->|=>` },
      { name: 'keyword.operator.approx.hale', match: r`~~` },
      { name: 'keyword.operator.range.hale', match: r`\.\.=?` },
      { name: 'punctuation.separator.namespace.hale', match: r`::` },
      { name: 'keyword.operator.comparison.hale', match: r`==|!=|<=|>=` },
      { name: 'keyword.operator.logical.hale', match: r`&&|\|\|` },
      { name: 'keyword.operator.bitwise.shift.hale', match: r`<<|>>` },
      { name: 'keyword.operator.assignment.compound.hale', match: r`[-+*/%&|^]=` },
      { name: 'keyword.operator.assignment.hale', match: r`=` },
      { name: 'keyword.operator.comparison.hale', match: r`[<>]` },
      { name: 'keyword.operator.logical.hale', match: r`!` },
      { name: 'keyword.operator.arithmetic.hale', match: r`[-+*/%]` },
      { name: 'keyword.operator.bitwise.hale', match: r`[&|^~]` },
    ],
  },

  punctuation: {
    patterns: [
      { name: 'punctuation.terminator.statement.hale', match: ';' },
      { name: 'punctuation.separator.comma.hale', match: ',' },
      { name: 'punctuation.separator.namespace.hale', match: '::' },
      { name: 'punctuation.separator.colon.hale', match: ':' },
      { name: 'keyword.operator.range.hale', match: r`\.\.=?` },
      { name: 'punctuation.accessor.hale', match: r`\.` },
      { name: 'punctuation.section.parens.begin.hale', match: r`\(` },
      { name: 'punctuation.section.parens.end.hale', match: r`\)` },
      { name: 'punctuation.section.brackets.begin.hale', match: r`\[` },
      { name: 'punctuation.section.brackets.end.hale', match: r`\]` },
      { name: 'punctuation.definition.decorator.hale', match: '@' },
    ],
  },

  invalid: {
    patterns: [
      // Outside strings and comments Hale is ASCII-only; `#`, `$`, `?`, `\`, `'` are not tokens.
      { name: 'invalid.illegal.character.hale', match: r`[#$?\\'\x60]|[^\x00-\x7F]` },
    ],
  },

  // ------------------------------------------------------------ literals
  strings: { patterns: inc('fstring', 'bytes', 'string') },
  string: {
    name: 'string.quoted.double.hale',
    begin: '"',
    beginCaptures: { 0: { name: 'punctuation.definition.string.begin.hale' } },
    end: '"',
    endCaptures: { 0: { name: 'punctuation.definition.string.end.hale' } },
    patterns: inc('string-escapes'),
  },
  'string-escapes': {
    patterns: [
      { name: 'constant.character.escape.hale', match: r`\\(?:[ntr0\\"']|x[0-7][0-9A-Fa-f])` },
      // `\x80`+ is rejected in a String (it would not stay one byte); bytes literals take it.
      { name: 'invalid.illegal.escape.high-byte.hale', match: r`\\x[89A-Fa-f][0-9A-Fa-f]` },
      { name: 'invalid.illegal.escape.hale', match: r`\\.` },
    ],
  },
  bytes: {
    name: 'string.quoted.double.bytes.hale',
    begin: r`(?<![A-Za-z0-9_])(b)(")`,
    beginCaptures: { 1: { name: 'storage.type.string.bytes.hale' }, 2: { name: 'punctuation.definition.string.begin.hale' } },
    end: '"',
    endCaptures: { 0: { name: 'punctuation.definition.string.end.hale' } },
    patterns: [
      { name: 'constant.character.escape.hale', match: r`\\(?:[ntr0\\"']|x[0-9A-Fa-f]{2})` },
      { name: 'invalid.illegal.escape.hale', match: r`\\.` },
    ],
  },
  fstring: {
    name: 'string.quoted.double.format.hale',
    begin: r`(?<![A-Za-z0-9_])(f)(")`,
    beginCaptures: { 1: { name: 'storage.type.string.format.hale' }, 2: { name: 'punctuation.definition.string.begin.hale' } },
    end: '"',
    endCaptures: { 0: { name: 'punctuation.definition.string.end.hale' } },
    patterns: [
      { name: 'constant.character.escape.brace.hale', match: r`\{\{|\}\}|\\[{}]` },
      ...inc('string-escapes'),
      {
        // {expr}: Hale code. The f-string's own closing `"` also ends it, as in the lexer.
        name: 'meta.embedded.line.hale',
        contentName: 'source.hale',
        begin: r`\{`,
        beginCaptures: { 0: { name: 'punctuation.section.embedded.begin.hale' } },
        end: r`\}|(?=")`,
        endCaptures: { 0: { name: 'punctuation.section.embedded.end.hale' } },
        patterns: inc('interpolation-string', 'expression'),
      },
    ],
  },
  'interpolation-string': {
    // A string inside an interpolation is written with escaped quotes: f"{trim(\"  x \")}"
    name: 'string.quoted.double.hale',
    begin: r`\\"`,
    beginCaptures: { 0: { name: 'punctuation.definition.string.begin.hale' } },
    end: r`\\"|(?=")`,
    endCaptures: { 0: { name: 'punctuation.definition.string.end.hale' } },
  },
  'time-literal': {
    // `2026-05-08T12:00:00Z`
    name: 'constant.other.time.hale',
    match: r`(\x60)[^\x60]*(\x60)`,
    captures: { 1: { name: 'punctuation.definition.time.begin.hale' }, 2: { name: 'punctuation.definition.time.end.hale' } },
  },
  numbers: {
    patterns: [
      {
        name: 'constant.numeric.integer.hexadecimal.hale',
        match: `${B}0[xX][0-9A-Fa-f][0-9A-Fa-f_]*(${INT_SUFFIX})?${E}`,
        captures: { 1: { name: 'keyword.other.unit.suffix.integer.hale' } },
      },
      {
        name: 'constant.numeric.integer.octal.hale',
        match: `${B}0o[0-7][0-7_]*(${INT_SUFFIX})?${E}`,
        captures: { 1: { name: 'keyword.other.unit.suffix.integer.hale' } },
      },
      {
        name: 'constant.numeric.integer.binary.hale',
        match: `${B}0b[01][01_]*(${INT_SUFFIX})?${E}`,
        captures: { 1: { name: 'keyword.other.unit.suffix.integer.hale' } },
      },
      {
        // 1.50d: fixed-precision decimal
        name: 'constant.numeric.decimal.hale',
        match: `${B}[0-9][0-9_]*\\.[0-9][0-9_]*(d)${E}`,
        captures: { 1: { name: 'keyword.other.unit.suffix.decimal.hale' } },
      },
      {
        name: 'constant.numeric.float.hale',
        match: `${B}[0-9][0-9_]*(?:\\.[0-9][0-9_]*(?:[eE][+-]?[0-9][0-9_]*)?|[eE][+-]?[0-9][0-9_]*)(f32|f64)?${E}`,
        captures: { 1: { name: 'keyword.other.unit.suffix.float.hale' } },
      },
      {
        // 500ms, 5s, 1h30m (compound)
        name: 'constant.numeric.duration.hale',
        match: `${B}[0-9][0-9_]*${DURATION_UNIT}(?:[0-9][0-9_]*${DURATION_UNIT})*${E}`,
        captures: { 0: { patterns: [{ name: 'keyword.other.unit.duration.hale', match: '[a-z]+' }] } },
      },
      {
        name: 'constant.numeric.integer.hale',
        match: `${B}[0-9][0-9_]*(${INT_SUFFIX})?${E}`,
        captures: { 1: { name: 'keyword.other.unit.suffix.integer.hale' } },
      },
      { name: 'invalid.illegal.numeric.hale', match: `${B}[0-9][A-Za-z0-9_]*` },
    ],
  },
};

export const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'Hale',
  scopeName: 'source.hale',
  fileTypes: ['hl'],
  patterns: [{ include: '#top-level' }],
  repository,
};

export const grammarPath = fileURLToPath(new URL('./hale.tmLanguage.json', import.meta.url));
export const render = () => JSON.stringify(grammar, null, 2) + '\n';

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(grammarPath, render());
  console.log(`wrote ${grammarPath}`);
}
