/** A character range of the original text (0-based, `end` exclusive) with its 1-based line and column. */
export interface Span {
  readonly start: number
  readonly end: number
  readonly line: number
  readonly column: number
}
