/**
 * Lexer and parser failures → {@link GrammarError} `INVALID_FILTER` with the description
 * `Invalid filter: Expected …, found … (at char N), (line:L, col:C)`, modelled on the
 * pyparsing message 4.4.2 returns (its exact text is implementation-defined, §7.3).
 */
import { EOF, tokenLabel, type ILexingError, type IRecognitionException, type IToken } from 'chevrotain'
import { END_OF_TEXT, expectedAfter } from './expected.js'
import { GrammarError } from '../grammar-error.js'

/** Line and column (1-based) of a 0-based offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}

function make(text: string, offset: number, found: string, expected: readonly string[]): GrammarError {
  const { line, column } = lineColumn(text, offset)
  const want = expected.length === 0 ? 'a valid token' : expected.length === 1 ? expected[0] : `one of ${expected.join(', ')}`
  return new GrammarError(
    'INVALID_FILTER',
    `Invalid filter: Expected ${want}, found ${found} (at char ${offset}), (line:${line}, col:${column})`,
    { offset, line, column, expected },
  )
}

/** A character the lexer cannot start a token with. */
export function lexingError(text: string, error: ILexingError): GrammarError {
  const ch = text.slice(error.offset, error.offset + Math.max(1, error.length))
  return make(text, error.offset, `'${ch}'`, [])
}

/** A parser error: what was found, and what the grammar accepts after the preceding tokens. */
export function parsingError(text: string, tokens: readonly IToken[], error: IRecognitionException): GrammarError {
  const token = error.token
  const atEnd = token.tokenType === EOF || Number.isNaN(token.startOffset)
  const offset = atEnd ? text.length : token.startOffset
  const index = atEnd ? tokens.length : tokens.indexOf(token)
  const { types, endOk } = expectedAfter(tokens.slice(0, index < 0 ? tokens.length : index))
  const names = types.map(tokenLabel)
  if (endOk) names.push(END_OF_TEXT)
  return make(text, offset, atEnd ? END_OF_TEXT : `'${token.image}'`, names)
}
