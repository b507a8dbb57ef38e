/**
 * Parse failures of the operations string → `GrammarError` (gnocchi-aggregates.md §2.1 step 1):
 * `{"cause": "Invalid operations", "reason": "Fail to parse the operations string", "detail": …}`.
 * Gnocchi's detail is a pyparsing message (``Expected '(', found 'metric'  (at char 0), (line:1, col:1)``);
 * ours names the same position and says what would have been accepted, and why.
 */
import type { IToken } from 'chevrotain'
import { CAUSES } from '../../model/errors.js'
import { GrammarError } from '../grammar-error.js'
import type { Span } from '../span.js'
import { LParen, RParen } from './tokens.js'

/** Fixed `reason` of every string-form parse failure. */
export const PARSE_FAILURE_REASON = 'Fail to parse the operations string'

/**
 * Offset → 1-based line and column. gnocchi-compat: like pyparsing's `lineno`/`col`, only `\n`
 * starts a line (a lone `\r` does not).
 */
export class LineIndex {
  private starts: number[] | undefined

  constructor(private readonly text: string) {}

  /** Span of `[start, end)` with the line and column of `start`. */
  span(start: number, end: number): Span {
    const { line, column } = this.position(start)
    return { start, end, line, column }
  }

  /** 1-based line and column of `offset`. */
  position(offset: number): { line: number; column: number } {
    const starts = (this.starts ??= lineStarts(this.text))
    if (starts.length === 1) return { line: 1, column: offset + 1 }
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid] <= offset) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 }
  }
}

function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

const OPERAND_EXPECTED = ["')'", "'('", 'a word', 'a quoted string'] as const

/**
 * Builds the error for a failure at `offset` (`text.length` = end of text).
 * @param kind `syntax` for an unexpected token or end of text, `nesting` for too deep a nesting.
 */
export function parseFailure(
  text: string,
  lines: LineIndex,
  tokens: readonly IToken[],
  offset: number,
  kind: 'syntax' | 'nesting' = 'syntax',
  maxNesting = 0,
): GrammarError {
  const { line, column } = lines.position(offset)
  const at = `at line ${line}, column ${column} (char ${offset})`
  let expected: readonly string[]
  let message: string
  if (kind === 'nesting') {
    expected = ["')'"]
    message = `Too deeply nested ${at}: at most ${maxNesting} levels of parentheses are accepted`
  } else if (tokens.length === 0 || tokens[0].tokenType !== LParen) {
    expected = ["'('"]
    message = `Expected '(' ${at}, found ${found(tokens[0])}: operations must start with '('`
  } else {
    expected = OPERAND_EXPECTED
    const open = unclosedParen(tokens)
    const opened = lines.position(open)
    message =
      `Expected ')' or another operand ${at}, found end of text: ` +
      `the '(' at line ${opened.line}, column ${opened.column} is never closed`
  }
  return new GrammarError(
    'INVALID_OPERATIONS',
    { cause: CAUSES.invalidOperations, reason: PARSE_FAILURE_REASON, detail: message },
    { offset, line, column, expected },
  )
}

function found(token: IToken | undefined): string {
  if (token === undefined) return 'end of text'
  const image = token.image.length > 40 ? `${token.image.slice(0, 40)}…` : token.image
  return `'${image}'`
}

/** Offset of the innermost '(' of the first expression that is still open at the end. */
function unclosedParen(tokens: readonly IToken[]): number {
  const stack: number[] = []
  for (const token of tokens) {
    if (token.tokenType === LParen) stack.push(token.startOffset)
    else if (token.tokenType === RParen) stack.pop()
  }
  return stack.length > 0 ? stack[stack.length - 1] : 0
}
