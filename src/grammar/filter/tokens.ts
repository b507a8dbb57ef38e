/**
 * Tokens of the filter string form (gnocchi-aggregates.md §7.3). Keywords are lowercase only
 * and yield to a longer identifier (`notes`, `inbound`, `nonexistent` are identifiers).
 */
import { Lexer, createToken, type TokenType } from 'chevrotain'

/** Identifier `[A-Za-z][A-Za-z0-9_]*`. */
export const Ident = createToken({ name: 'Ident', pattern: /[A-Za-z][A-Za-z0-9_]*/, label: 'identifier' })

const keyword = (name: string, pattern: RegExp, label: string): TokenType =>
  createToken({ name, pattern, longer_alt: Ident, label })

/** Category of every comparison operator token (symbolic and word forms). */
export const CompareOperator = createToken({ name: 'CompareOperator', pattern: Lexer.NA, label: 'operator' })
const cmp = (name: string, pattern: RegExp | string, word: boolean): TokenType =>
  createToken({
    name,
    pattern,
    categories: [CompareOperator],
    label: `'${String(pattern).replace(/^\/|\/$/g, '')}'`,
    ...(word ? { longer_alt: Ident } : {}),
  })

/** Blanks between tokens (skipped). */
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED })
/** `(` */
export const LParen = createToken({ name: 'LParen', pattern: '(', label: "'('" })
/** `)` */
export const RParen = createToken({ name: 'RParen', pattern: ')', label: "')'" })
/** `[` opening a list. */
export const LBracket = createToken({ name: 'LBracket', pattern: '[', label: "'['" })
/** `]` closing a list. */
export const RBracket = createToken({ name: 'RBracket', pattern: ']', label: "']'" })
/** `,` between list items. */
export const Comma = createToken({ name: 'Comma', pattern: ',', label: "','" })

/** Symbolic comparison operators; longest first so `>=` is not read as `>` `=`. */
export const SymbolOps: readonly TokenType[] = [
  cmp('GreaterEq', '>=', false),
  cmp('LessEq', '<=', false),
  cmp('NotEqual', '!=', false),
  // gnocchi-compat: `==` is documented but never parses in 4.4.2 (its regex matches `=` first); we accept it, see gnocchi-aggregates.md §7.3
  cmp('DoubleEqual', '==', false),
  cmp('Greater', '>', false),
  cmp('Less', '<', false),
  cmp('Equal', '=', false),
  cmp('NotEqualSign', '≠', false),
  cmp('GreaterEqSign', '≥', false),
  cmp('LessEqSign', '≤', false),
]

/** Word comparison operators (`eq`, `ne`, `lt`, `gt`, `ge`, `le`). */
export const WordOps: readonly TokenType[] = ['eq', 'ne', 'lt', 'gt', 'ge', 'le'].map((w) =>
  cmp(`Word_${w}`, new RegExp(w), true),
)

/** `in` (list membership). */
export const In = keyword('In', /in/, "'in'")
/** `like` (SQL LIKE). */
export const Like = keyword('Like', /like/, "'like'")
/** `and`, binds tighter than `∧`. */
export const And = keyword('And', /and/, "'and'")
/** `or`, binds tighter than `∨`. */
export const Or = keyword('Or', /or/, "'or'")
/** `not`, binds tightest. */
export const Not = keyword('Not', /not/, "'not'")
/** `∧`, between `and` and `or`. */
export const AndSign = createToken({ name: 'AndSign', pattern: '∧', label: "'∧'" })
/** `∨`, binds loosest. */
export const OrSign = createToken({ name: 'OrSign', pattern: '∨', label: "'∨'" })

/**
 * `None`/`none`/`null`. 4.4.2 matches these (and the booleans) as prefixes, so `nonexistent`
 * fails to parse there; here the longer identifier wins, which only turns errors into matches.
 */
export const Null = keyword('Null', /None|none|null/, 'null')
/** `True`/`true`. */
export const True = keyword('True', /True|true/, 'true')
/** `False`/`false`. */
export const False = keyword('False', /False|false/, 'false')

/** `8HEX -? 4HEX -? 4HEX -? 4HEX -? 12HEX`; a longer identifier (`deadbeef…xyz`) wins. */
export const Uuid = createToken({
  name: 'Uuid',
  pattern: /[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}/,
  longer_alt: Ident,
  label: 'uuid',
})
/** `[+-]?DIGITS(.DIGITS*)?([eE][+-]?DIGITS)?`, read as a float. */
export const NumberLit = createToken({
  name: 'NumberLit',
  pattern: /[+-]?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?/,
  label: 'number',
})
/** `'…'` or `"…"`: no escapes, no line breaks (pyparsing `QuotedString` defaults). */
export const Quoted = createToken({ name: 'Quoted', pattern: /'[^'\n\r]*'|"[^"\n\r]*"/, label: 'quoted string' })

/** Keyword tokens that may also stand for a bare word in a term position (`region = ne`). */
export const WORD_TERMS: readonly TokenType[] = [...WordOps, In, Like, And, Or]

/** All tokens, in match order. */
export const FILTER_TOKENS: readonly TokenType[] = [
  WhiteSpace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  ...SymbolOps,
  AndSign,
  OrSign,
  Uuid,
  NumberLit,
  Quoted,
  Null,
  True,
  False,
  ...WordOps,
  In,
  Like,
  And,
  Or,
  Not,
  Ident,
  CompareOperator,
]

/** The lexer, built once. */
export const filterLexer = new Lexer([...FILTER_TOKENS], { positionTracking: 'onlyOffset', ensureOptimizations: true })
