/**
 * The filter string grammar (gnocchi-aggregates.md §7.3) as a Chevrotain parser. Precedence is
 * expressed by rule layering, tightest first: `not`, `and`, `∧`, `or`, `∨`.
 */
import { EmbeddedActionsParser, type IToken, type TokenType } from 'chevrotain'
import type { Span } from '../span.js'
import type { RawValue } from './condition.js'
import type { RawExpr } from './raw-tree.js'
import {
  And,
  AndSign,
  Comma,
  CompareOperator,
  FILTER_TOKENS,
  False,
  Ident,
  In,
  LBracket,
  LParen,
  Like,
  Not,
  Null,
  NumberLit,
  Or,
  OrSign,
  Quoted,
  RBracket,
  RParen,
  True,
  Uuid,
  WORD_TERMS,
} from './tokens.js'

/** Offsets of line starts after the first line, or null for single-line text (the usual case). */
type LineStarts = readonly number[] | null

function lineStartsOf(text: string): LineStarts {
  if (!text.includes('\n')) return null
  const starts: number[] = []
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1)
  return starts
}

/** Span from the first to the last token of a construct. */
function spanOf(first: IToken, last: IToken, lines: LineStarts): Span {
  const start = first.startOffset
  const end = (last.endOffset ?? last.startOffset) + 1
  if (lines === null) return { start, end, line: 1, column: start + 1 }
  let line = 1
  let lineStart = 0
  for (const s of lines) {
    if (s > start) break
    line++
    lineStart = s
  }
  return { start, end, line, column: start - lineStart + 1 }
}

class FilterParser extends EmbeddedActionsParser {
  constructor() {
    super([...FILTER_TOKENS], { maxLookahead: 2 })
    this.performSelfAnalysis()
  }

  /** Entry rule: the whole filter. */
  readonly expr = this.RULE('expr', (): RawExpr => this.SUBRULE(this.disj4))

  /** Operand lists of the chains being parsed (one per nesting level), so MANY bodies are shared closures. */
  private readonly operandStack: RawExpr[][] = []
  private lines: LineStarts = null

  /** Parses the whole token vector; `errors` holds what went wrong. */
  parse(text: string, tokens: IToken[]): RawExpr {
    this.lines = lineStartsOf(text)
    this.input = tokens
    this.operandStack.length = 0
    // Chevrotain signals each syntax error with an exception; capturing their stack traces
    // (never shown: they become 400 answers) was most of the cost of a rejected filter.
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    try {
      return this.expr()
    } finally {
      Error.stackTraceLimit = limit
    }
  }

  // Alternatives and loop bodies are built once: closures allocated on every call dominate
  // the parse time otherwise (Chevrotain performance guide, "caching arrays of alternatives").
  private chain(
    name: string,
    op: TokenType,
    written: 'and' | '∧' | 'or' | '∨',
    next: (repeat: boolean) => RawExpr,
  ): () => RawExpr {
    const more = (): void => {
      this.CONSUME(op)
      const operand = next(true)
      this.operandStack[this.operandStack.length - 1].push(operand)
    }
    return this.RULE(name, (): RawExpr => {
      const first = this.LA(1)
      const operands: RawExpr[] = [next(false)]
      this.operandStack.push(operands)
      this.MANY(more)
      this.operandStack.pop()
      if (operands.length === 1) return operands[0]
      return { kind: 'chain', op: written, operands, span: spanOf(first, this.LA(0), this.lines) }
    })
  }

  private readonly unaryAlts: { ALT: () => RawExpr }[] = [
      {
        ALT: () => {
          const not = this.CONSUME(Not)
          const operand = this.SUBRULE(this.unary)
          return { kind: 'not', operand, span: spanOf(not, this.LA(0), this.lines) }
        },
      },
      {
        ALT: () => {
          this.CONSUME(LParen)
          const inner = this.SUBRULE2(this.expr)
          this.CONSUME(RParen)
          return inner
        },
      },
      { ALT: () => this.SUBRULE(this.condition) },
  ]
  private readonly unary = this.RULE('unary', (): RawExpr => this.OR(this.unaryAlts))

  private readonly conj1 = this.chain('conj1', And, 'and', (r) => (r ? this.SUBRULE1(this.unary) : this.SUBRULE(this.unary)))
  private readonly conj2 = this.chain('conj2', AndSign, '∧', (r) => (r ? this.SUBRULE1(this.conj1) : this.SUBRULE(this.conj1)))
  private readonly disj3 = this.chain('disj3', Or, 'or', (r) => (r ? this.SUBRULE1(this.conj2) : this.SUBRULE(this.conj2)))
  private readonly disj4 = this.chain('disj4', OrSign, '∨', (r) => (r ? this.SUBRULE1(this.disj3) : this.SUBRULE(this.disj3)))

  private readonly operatorAlts: { ALT: () => IToken }[] = [
    { ALT: () => this.CONSUME(CompareOperator) },
    { ALT: () => this.CONSUME(In) },
    { ALT: () => this.CONSUME(Like) },
  ]
  private readonly condition = this.RULE('condition', (): RawExpr => {
    const first = this.LA(1)
    const left = this.SUBRULE(this.term)
    const op = this.OR(this.operatorAlts)
    const right = this.SUBRULE2(this.term)
    return { kind: 'condition', op: op.image, left, right, span: spanOf(first, this.LA(0), this.lines) }
  })

  private readonly termAlts: { ALT: () => RawValue }[] = [
      { ALT: () => (this.CONSUME(Null), null) },
      { ALT: () => (this.CONSUME(True), true) },
      { ALT: () => (this.CONSUME(False), false) },
      { ALT: () => this.CONSUME(Uuid).image },
      { ALT: () => this.CONSUME(Ident).image },
      { ALT: () => Number(this.CONSUME(NumberLit).image) },
      { ALT: () => this.CONSUME(Quoted).image.slice(1, -1) },
      { ALT: () => this.SUBRULE(this.list) },
      // gnocchi-compat: pyparsing reads a bare keyword in a term position as an identifier (`region = ne`), see gnocchi/rest/api.py QueryStringSearchAttrFilter
    ...WORD_TERMS.map((t) => ({ ALT: () => this.CONSUME(t).image })),
  ]
  private readonly term = this.RULE('term', (): RawValue => this.OR(this.termAlts))

  private readonly list = this.RULE('list', (): RawValue[] => {
    this.CONSUME(LBracket)
    const items: RawValue[] = []
    this.MANY_SEP({ SEP: Comma, DEF: () => items.push(this.SUBRULE(this.term)) })
    this.CONSUME(RBracket)
    return items
  })
}

/** The parser, built once (construction is the expensive part); not reentrant. */
export const filterParser = new FilterParser()
