/**
 * A parse error of one of the query languages: a {@link GnocchiError} that also says where.
 */
import { GnocchiError, type Description, type ErrorCode } from '../model/errors.js'

/** Where a grammar error happened, and what the parser expected there. */
export interface GrammarErrorPosition {
  /** 0-based character offset in the input. */
  readonly offset: number
  /** 1-based line. */
  readonly line: number
  /** 1-based column. */
  readonly column: number
  /** Human-readable names of the tokens that would have been accepted. */
  readonly expected: readonly string[]
}

/** Parse error with its position; `code` is `INVALID_OPERATIONS` or `INVALID_FILTER`. */
export class GrammarError extends GnocchiError {
  constructor(
    code: ErrorCode,
    description: Description,
    readonly position: GrammarErrorPosition,
  ) {
    super(code, description)
    this.name = 'GrammarError'
  }
}
