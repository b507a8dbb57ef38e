/**
 * The s-expression parser of the operations string form (gnocchi-aggregates.md §3.1): one
 * Chevrotain `CstParser` instance, reused for every parse, and the walk from its CST to the
 * nested-list form that Gnocchi's schema validates (`["aggregate", "mean", ["metric", …]]`).
 * Shape checks (operator names, arity) are not here: they live in `to-ast.ts`, shared with the
 * JSON form.
 */
import { CstParser, EOF, type IToken } from 'chevrotain'
import type { Span } from '../span.js'
import { AnyToken, LParen, OPERATION_TOKENS, RParen, Word, operationsLexer } from './tokens.js'
import type { ListCstNode, OperationsCstNode } from './cst.generated.js'
import { LineIndex, parseFailure } from './diagnostics.js'

/** A parsed s-expression: a word (quoted words keep their quotes) or a list. */
export type Sexpr = string | readonly Sexpr[]

/** Source positions of one list and of each of its items. */
export interface ListSpans {
  readonly span: Span
  readonly items: readonly Span[]
}

/** Spans of every list of a parsed string, keyed by the list itself. */
export type SpanTable = ReadonlyMap<readonly Sexpr[], ListSpans>

/** Deepest list nesting accepted, so recursion stays far from the stack limit. */
export const MAX_NESTING = 128

class SexprParser extends CstParser {
  constructor() {
    super(OPERATION_TOKENS as never[], { recoveryEnabled: false, nodeLocationTracking: 'none' })
    this.performSelfAnalysis()
  }

  /** `operations := list anything*`: only the first expression counts, the rest is ignored. */
  readonly operations = this.RULE('operations', () => {
    this.SUBRULE(this.list)
    this.MANY(() => this.CONSUME(AnyToken))
  })

  /**
   * The alternatives of a list item, built once: Chevrotain re-reads the array on every `OR`, and a
   * fresh literal per call costs an allocation (plus a `__name` call per arrow under tsx).
   */
  private readonly itemAlternatives = [
    { ALT: (): unknown => this.SUBRULE(this.list, { LABEL: 'items' }) },
    { ALT: (): unknown => this.CONSUME(Word, { LABEL: 'items' }) },
  ]

  /** `list := '(' (list | word)* ')'`; both alternatives share the `items` label to keep their order. */
  readonly list = this.RULE('list', () => {
    this.CONSUME(LParen)
    this.MANY(() => this.OR(this.itemAlternatives))
    this.CONSUME(RParen)
  })
}

/** Built once: `performSelfAnalysis` is the expensive part of a Chevrotain parser. */
const parser = new SexprParser()

/** The grammar's productions, for CST type generation (`cst.generated.d.ts`). */
export function operationsProductions(): ReturnType<SexprParser['getGAstProductions']> {
  return parser.getGAstProductions()
}

/** First lines of `cst.generated.d.ts`; the rest is `generateCstDts(operationsProductions())`. */
export const CST_DTS_HEADER =
  '// Generated from the grammar by chevrotain generateCstDts(operationsProductions()); do not edit.\n' +
  '// test/grammar/operations-cst.test.ts fails when this file and the grammar disagree.\n'


/** Result of {@link parseSexpr}: the first top-level list and the spans of its lists. */
export interface ParsedSexpr {
  readonly tree: readonly Sexpr[]
  readonly spans: SpanTable
}

/**
 * Parses the string form into nested lists of words.
 * @throws GrammarError `INVALID_OPERATIONS` naming line, column and what was expected.
 */
export function parseSexpr(text: string): ParsedSexpr {
  const { tokens } = operationsLexer.tokenize(text)
  const lines = new LineIndex(text)
  checkStructure(text, tokens, lines)
  parser.input = tokens
  const cst = parser.operations() as OperationsCstNode
  if (parser.errors.length > 0) {
    const token = parser.errors[0].token
    throw parseFailure(text, lines, tokens, token.tokenType === EOF ? text.length : token.startOffset)
  }
  const spans = new Map<readonly Sexpr[], ListSpans>()
  const tree = toSexpr(cst.children.list[0], lines, spans)
  return { tree, spans }
}

/** Walks one `list` CST node; words stay strings, spans go to the side table. */
function toSexpr(node: ListCstNode, lines: LineIndex, spans: Map<readonly Sexpr[], ListSpans>): readonly Sexpr[] {
  const items = node.children.items
  const out: Sexpr[] = []
  const itemSpans: Span[] = []
  if (items !== undefined) {
    for (const item of items) {
      if ('image' in item) {
        out.push(item.image)
        itemSpans.push(lines.span(item.startOffset, item.startOffset + item.image.length))
      } else {
        const child = toSexpr(item, lines, spans)
        out.push(child)
        itemSpans.push((spans.get(child) as ListSpans).span)
      }
    }
  }
  const open = node.children.LParen[0]
  const close = node.children.RParen[0]
  spans.set(out, { span: lines.span(open.startOffset, close.startOffset + 1), items: itemSpans })
  return out
}

/**
 * Checks the first expression's bracket structure before the recursive parse: it must start with
 * '(', close, and nest at most {@link MAX_NESTING} deep. These are the only ways the grammar can
 * fail, so they are reported here from one linear scan, without Chevrotain's exception path.
 */
function checkStructure(text: string, tokens: readonly IToken[], lines: LineIndex): void {
  if (tokens.length === 0 || tokens[0].tokenType !== LParen) {
    throw parseFailure(text, lines, tokens, tokens.length === 0 ? text.length : tokens[0].startOffset)
  }
  let depth = 0
  for (const token of tokens) {
    if (token.tokenType === LParen) {
      depth++
      if (depth > MAX_NESTING) throw parseFailure(text, lines, tokens, token.startOffset, 'nesting', MAX_NESTING)
    } else if (token.tokenType === RParen) {
      depth--
      if (depth === 0) return
    }
  }
  throw parseFailure(text, lines, tokens, text.length)
}
