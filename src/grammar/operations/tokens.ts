/**
 * Tokens of the operations string form, reproducing pyparsing's `nestedExpr()` as Gnocchi uses it
 * (gnocchi-aggregates.md §3.1): parentheses, whitespace, quoted strings kept with their quotes, and
 * words (any run of other characters). Every character belongs to some token, so lexing never fails.
 *
 * The matchers are hand-written scanners rather than regular expressions: the quoted-string rule
 * must not backtrack (pyparsing matches its regex greedily, then requires the closing quote), and
 * a scanner does that in one linear pass.
 */
import { createToken, Lexer, type CustomPatternMatcherReturn, type TokenType } from 'chevrotain'

const SPACE = 0x20
const TAB = 0x09
const LF = 0x0a
const CR = 0x0d
const LPAREN = 0x28
const RPAREN = 0x29
const DQUOTE = 0x22
const SQUOTE = 0x27
const BACKSLASH = 0x5c
const LOWER_X = 0x78

/**
 * gnocchi-compat: only pyparsing's default whitespace (space, tab, CR, LF) separates tokens; a form
 * feed or a no-break space is part of a word, see pyparsing ParserElement.DEFAULT_WHITE_CHARS.
 */
export function isOperationsWhitespace(code: number): boolean {
  return code === SPACE || code === LF || code === TAB || code === CR
}

function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66)
}

/**
 * End offset (exclusive) of the quoted string starting at `offset`, or -1.
 * gnocchi-compat: pyparsing's `quotedString` is `Regex(r'"(?:[^"\n\r\\]|(?:"")|(?:\\(?:[^x]|x[0-9a-fA-F]+)))*') + '"'`
 * (same for `'`); the regex part is matched greedily and never given back, so `"a""` is not a
 * quoted string (the doubled quote is taken as an escape and no closing quote follows).
 */
export function quotedStringEnd(text: string, offset: number): number {
  const quote = text.charCodeAt(offset)
  if (quote !== DQUOTE && quote !== SQUOTE) return -1
  const n = text.length
  let i = offset + 1
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === quote) {
      if (i + 1 < n && text.charCodeAt(i + 1) === quote) {
        i += 2
        continue
      }
      break
    }
    if (c === LF || c === CR) break
    if (c === BACKSLASH) {
      if (i + 1 >= n) break
      if (text.charCodeAt(i + 1) !== LOWER_X) {
        i += 2
        continue
      }
      let j = i + 2
      while (j < n && isHexDigit(text.charCodeAt(j))) j++
      if (j === i + 2) break
      i = j
      continue
    }
    i++
  }
  return i < n && text.charCodeAt(i) === quote ? i + 1 : -1
}

const PLAIN_RUN = /[^()\t\n\r "']+/y

/** End offset (exclusive) of the word starting at `offset` (stops before a valid quoted string); `offset` when none. */
export function wordEnd(text: string, offset: number): number {
  const n = text.length
  let i = offset
  while (i < n) {
    // Plain characters in bulk: one character class, sticky, nothing to backtrack into.
    PLAIN_RUN.lastIndex = i
    if (PLAIN_RUN.test(text)) i = PLAIN_RUN.lastIndex
    if (i >= n) break
    const c = text.charCodeAt(i)
    if (c === LPAREN || c === RPAREN || isOperationsWhitespace(c)) break
    if ((c === DQUOTE || c === SQUOTE) && quotedStringEnd(text, i) !== -1) break
    i++
  }
  return i
}

function matchQuoted(text: string, offset: number): CustomPatternMatcherReturn | null {
  const end = quotedStringEnd(text, offset)
  return end === -1 ? null : [text.slice(offset, end)]
}

function matchWord(text: string, offset: number): CustomPatternMatcherReturn | null {
  const end = wordEnd(text, offset)
  return end === offset ? null : [text.slice(offset, end)]
}

/** Category of the two leaf tokens (a grammar operand). */
export const Word = createToken({ name: 'Word', pattern: Lexer.NA })
/** Category of every token, used to swallow what follows the first expression. */
export const AnyToken = createToken({ name: 'AnyToken', pattern: Lexer.NA })
/** Skipped whitespace (space, tab, CR, LF). */
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true })
/** `(` */
export const LParen = createToken({ name: 'LParen', pattern: '(', label: "'('", categories: [AnyToken] })
/** `)` */
export const RParen = createToken({ name: 'RParen', pattern: ')', label: "')'", categories: [AnyToken] })
/** `"…"` or `'…'`, kept with its quotes; may span lines through a backslash escape. */
export const QuotedString = createToken({
  name: 'QuotedString',
  pattern: { exec: matchQuoted },
  line_breaks: true,
  start_chars_hint: ['"', "'"],
  label: 'a quoted string',
  categories: [Word, AnyToken],
})
/** Any other run of characters. */
export const Atom = createToken({
  name: 'Atom',
  pattern: { exec: matchWord },
  line_breaks: false,
  label: 'a word',
  categories: [Word, AnyToken],
})

/** All token types, in matching order. */
export const OPERATION_TOKENS: readonly TokenType[] = [WhiteSpace, LParen, RParen, QuotedString, Atom, Word, AnyToken]

/** The lexer, built once: construction analyses the token set. */
export const operationsLexer = new Lexer(OPERATION_TOKENS as TokenType[], {
  positionTracking: 'onlyOffset',
  ensureOptimizations: false,
})
