/**
 * Printers: {@link FilterNode} → the JSON form (what Gnocchi translates the string form to) and
 * → a canonical string that parses back to the same tree.
 */
import { badRequest } from '../../model/errors.js'
import type { FilterNode, FilterScalar } from './ast.js'

/** The `{attribute: value}` object of a condition. */
export interface ConditionJson {
  readonly [attribute: string]: FilterScalar | readonly FilterScalar[]
}
/** A filter in JSON form (§7.1): `{}`, `{op: condition}`, `{and: [...]}`, `{not: filter}`. */
export interface FilterJson {
  readonly [key: string]: FilterJson | readonly FilterJson[] | ConditionJson
}

/**
 * The JSON form of a filter. Numbers stay JavaScript numbers; the string form's numbers are
 * floats in Gnocchi, which only shows once they are serialised by the caller.
 */
export function printFilterJson(node: FilterNode): FilterJson {
  switch (node.kind) {
    case 'all':
      return {}
    case 'compare':
      return { [node.written]: { [node.attribute]: node.value } }
    case 'like':
      return { like: { [node.attribute]: node.value } }
    case 'in':
      return { in: { [node.attribute]: [...node.values] } }
    case 'and':
    case 'or':
      return { [node.written]: node.operands.map(printFilterJson) }
    case 'not':
      return { not: printFilterJson(node.operand) }
  }
}

/** Binding strength: higher binds tighter (§7.3 precedence). */
const LEVEL = { or4: 1, or3: 2, and2: 3, and1: 4, not: 5, atom: 6 } as const

function levelOf(node: FilterNode): number {
  switch (node.kind) {
    case 'and':
      return node.operands.length === 1 ? levelOf(node.operands[0]) : node.written === 'and' ? LEVEL.and1 : LEVEL.and2
    case 'or':
      return node.operands.length === 1 ? levelOf(node.operands[0]) : node.written === 'or' ? LEVEL.or3 : LEVEL.or4
    case 'not':
      return LEVEL.not
    default:
      return LEVEL.atom
  }
}

const BARE_WORD = /^[A-Za-z][A-Za-z0-9_]*$/
/** Words that parse as something other than an identifier term. */
const RESERVED = new Set(['None', 'none', 'null', 'True', 'true', 'False', 'false', 'not'])

function quote(s: string): string {
  if (/[\n\r]/.test(s) || (s.includes("'") && s.includes('"'))) {
    throw badRequest(`Cannot write ${JSON.stringify(s)} in the filter string form`)
  }
  return s.includes("'") ? `"${s}"` : `'${s}'`
}

function printNumber(n: number): string {
  if (Object.is(n, -0)) return '-0.0'
  if (n === Infinity) return '1e400'
  if (n === -Infinity) return '-1e400'
  if (n !== n) throw badRequest('Cannot write NaN in the filter string form')
  return String(n)
}

function printValue(v: FilterScalar): string {
  if (v === null) return 'null'
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'number') return printNumber(v)
  return quote(v)
}

function printAttribute(a: string): string {
  return BARE_WORD.test(a) && !RESERVED.has(a) ? a : quote(a)
}

/**
 * A canonical string form: parsing it gives back the same tree (spans aside), except that a
 * one-operand `and`/`or`, which the string form cannot express, prints as its operand, and
 * `{}` prints as the empty string.
 * @throws GnocchiError when a string holds a line break or both quote characters (the string
 *   form has no escapes), or a number is NaN.
 */
export function printFilterString(node: FilterNode): string {
  return print(node)
}

function print(node: FilterNode): string {
  switch (node.kind) {
    case 'all':
      return ''
    case 'compare':
      return `${printAttribute(node.attribute)} ${node.written} ${printValue(node.value)}`
    case 'like':
      return `${printAttribute(node.attribute)} like ${printValue(node.value)}`
    case 'in':
      return `${printAttribute(node.attribute)} in [${node.values.map(printValue).join(', ')}]`
    case 'not':
      return `not ${wrap(node.operand, LEVEL.not - 1)}`
    case 'and':
    case 'or': {
      if (node.operands.length === 1) return print(node.operands[0])
      const own = levelOf(node)
      return node.operands.map((o) => wrap(o, own)).join(` ${node.written} `)
    }
  }
}

/** Prints `node`, parenthesised unless it binds tighter than `level`. */
function wrap(node: FilterNode, level: number): string {
  if (node.kind === 'all') throw badRequest('Unable to parse this query')
  const text = print(node)
  return levelOf(node) > level ? text : `(${text})`
}
