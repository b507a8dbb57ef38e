/**
 * The tokens acceptable after a token prefix, for error messages. A small automaton mirroring
 * the grammar of parser.ts: Chevrotain's content assist gives the same sets (a test checks
 * that) but costs a few hundred µs per error, too slow for a public endpoint.
 */
import type { IToken, TokenType } from 'chevrotain'
import {
  And,
  AndSign,
  Comma,
  CompareOperator,
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

const SCALAR_STARTS: readonly TokenType[] = [Null, True, False, Uuid, Ident, NumberLit, Quoted, ...WORD_TERMS]
const TERM_STARTS: readonly TokenType[] = [...SCALAR_STARTS, LBracket]
const CONNECTIVES = new Set<TokenType>([And, AndSign, Or, OrSign])

/** Label of the end of the input in expected lists. */
export const END_OF_TEXT = 'end of text'

type State = 'unary' | 'op' | 'right' | 'after'
type ListState = 'first' | 'item' | 'sep'

/**
 * Token types that may follow `preceding` (a prefix the parser accepted), plus whether the
 * input may end there.
 */
export function expectedAfter(preceding: readonly IToken[]): { types: readonly TokenType[]; endOk: boolean } {
  let state = 'unary' as State
  let depth = 0
  let listDepth = 0
  let listState: ListState = 'first'
  let termIsLeft = true
  for (const { tokenType: t } of preceding) {
    if (listDepth > 0) {
      if (t === LBracket) {
        listDepth++
        listState = 'first'
      } else if (t === RBracket) {
        listDepth--
        if (listDepth > 0) listState = 'sep'
        else state = termIsLeft ? 'op' : 'after'
      } else if (t === Comma) listState = 'item'
      else listState = 'sep'
      continue
    }
    if (t === LBracket) {
      termIsLeft = state === 'unary'
      listDepth = 1
      listState = 'first'
    } else if (state === 'unary') {
      if (t === LParen) depth++
      else if (t !== Not) {
        termIsLeft = true
        state = termIsLeft ? 'op' : 'after'
      }
    } else if (state === 'op') state = 'right'
    else if (state === 'right') {
      termIsLeft = false
      state = termIsLeft ? 'op' : 'after'
    } else if (t === RParen) depth--
    else if (CONNECTIVES.has(t)) state = 'unary'
  }
  if (listDepth > 0) {
    if (listState === 'first') return { types: [...TERM_STARTS, RBracket], endOk: false }
    if (listState === 'item') return { types: TERM_STARTS, endOk: false }
    return { types: [Comma, RBracket], endOk: false }
  }
  switch (state) {
    case 'unary':
      return { types: [Not, LParen, ...TERM_STARTS], endOk: false }
    case 'op':
      return { types: [CompareOperator, In, Like], endOk: false }
    case 'right':
      return { types: TERM_STARTS, endOk: false }
    case 'after':
      return { types: depth > 0 ? [And, AndSign, Or, OrSign, RParen] : [And, AndSign, Or, OrSign], endOk: depth === 0 }
  }
}


