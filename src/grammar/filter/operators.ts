/**
 * The operator keys of the filter language (gnocchi-aggregates.md §7.1), shared by the string
 * parser, the JSON reader and the printers.
 */
import type { CompareOp } from './ast.js'

/** Every spelling of a comparison operator → its canonical name. */
export const COMPARE_OPS: Readonly<Record<string, CompareOp>> = {
  '=': 'eq',
  '==': 'eq',
  eq: 'eq',
  '!=': 'ne',
  '≠': 'ne',
  ne: 'ne',
  '<': 'lt',
  lt: 'lt',
  '<=': 'le',
  '≤': 'le',
  le: 'le',
  '>': 'gt',
  gt: 'gt',
  '>=': 'ge',
  '≥': 'ge',
  ge: 'ge',
}

/** Spellings of the conjunction. */
export const AND_KEYS = ['and', '∧'] as const
/** Spellings of the disjunction. */
export const OR_KEYS = ['or', '∨'] as const

/** True when `key` spells a comparison operator. */
export function isCompareKey(key: string): boolean {
  return Object.prototype.hasOwnProperty.call(COMPARE_OPS, key)
}
