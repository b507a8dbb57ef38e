/**
 * The method set M of `aggregate`, `rolling` and `resample` (gnocchi-aggregates.md §3.3), split
 * into the base reduction and the `rate:` flag.
 */
import type { CrossMethod } from '../../grammar/operations/ast.js'

/** A method without its `rate:` prefix. */
export type BaseMethod = 'mean' | 'median' | 'std' | 'min' | 'max' | 'sum' | 'var' | 'count'

/** A parsed method: the base reduction and whether the result is differenced afterwards. */
export interface ParsedMethod {
  readonly base: BaseMethod
  readonly rate: boolean
}

/** Splits `rate:mean` into `{ base: 'mean', rate: true }`. */
export function parseMethod(method: CrossMethod): ParsedMethod {
  return method.startsWith('rate:')
    ? { base: method.slice(5) as BaseMethod, rate: true }
    : { base: method as BaseMethod, rate: false }
}
