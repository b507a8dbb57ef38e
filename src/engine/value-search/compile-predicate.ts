/**
 * Evaluation of a metric value search predicate (gnocchi-rest.md §3.9), as Gnocchi's
 * `SearchMetricController.MeasureQuery` does it: each operator applies to the stored value (a
 * NumPy float64), so arithmetic follows NumPy (IEEE doubles: `x / 0` is ±inf or NaN, `x % 0` is
 * NaN, never an error); comparisons yield 1 or 0; a value matches when the predicate is truthy
 * (non-zero, NaN included, as Python's `bool(nan)` is True).
 */
import type { ValuePredicate, ValueTerm } from '../../grammar/value-predicate/index.js'
import { badRequest } from '../../model/errors.js'
import { BINARY_FUNCS } from '../aggregates/operators.js'

/** Decides whether one stored value matches. */
export type ValueTest = (value: number) => boolean

/** A compiled term: a constant, or a function of the stored value. */
type Compiled = { readonly constant: number } | { readonly of: (value: number) => number }

/**
 * Folds an operator over two query constants. Gnocchi evaluates these with Python numbers, which
 * raise on a zero divisor (4.4.2 answers 500 for every value tested).
 * gnocchi-compat: we refuse the query up front with a 400 (gnocchi-rest.md §4, Recommended).
 */
function foldConstants(op: keyof typeof BINARY_FUNCS, written: string, a: number, b: number): number {
  const shown = `{${JSON.stringify(written)}: [${a}, ${b}]}`
  if ((op === 'div' || op === 'mod') && b === 0) throw badRequest(`Invalid query: division by zero in ${shown}`)
  if (op === 'pow' && a === 0 && b < 0) throw badRequest(`Invalid query: zero raised to a negative power in ${shown}`)
  return BINARY_FUNCS[op](a, b)
}

function compileTerm(term: ValueTerm): Compiled {
  switch (term.kind) {
    case 'value':
      return { of: (v) => v }
    case 'constant':
      return { constant: term.value }
    case 'binary': {
      const f = BINARY_FUNCS[term.op]
      const left = compileTerm(term.left)
      const right = compileTerm(term.right)
      if ('constant' in left && 'constant' in right) return { constant: foldConstants(term.op, term.written, left.constant, right.constant) }
      // Either side involves the stored value: NumPy arithmetic, never an error.
      const g = functionOf(left)
      const h = functionOf(right)
      return { of: (v) => f(g(v), h(v)) }
    }
  }
}

function functionOf(c: Compiled): (value: number) => number {
  if ('of' in c) return c.of
  const constant = c.constant
  return () => constant
}

/** True for a non-zero number (NaN included), Python's truthiness of a float. */
const truthy = (x: number): boolean => x !== 0

/** True when `not` occurs anywhere: Gnocchi refuses it while building, before evaluating anything. */
function hasNot(p: ValuePredicate): boolean {
  return p.kind === 'not' || (p.kind !== 'binary' && p.operands.some(hasNot))
}

function compile(predicate: ValuePredicate): ValueTest {
  switch (predicate.kind) {
    case 'binary': {
      const c = compileTerm(predicate)
      if ('constant' in c) {
        const holds = truthy(c.constant)
        return () => holds
      }
      const of = c.of
      return (v) => truthy(of(v))
    }
    case 'all': {
      const tests = predicate.operands.map(compile)
      return (v) => tests.every((t) => t(v))
    }
    case 'any': {
      const tests = predicate.operands.map(compile)
      return (v) => tests.some((t) => t(v))
    }
    case 'not':
      throw badRequest('Unknown operator not')
  }
}

/**
 * Compiles a predicate.
 * @throws GnocchiError 400 `Unknown operator not` (Gnocchi's schema accepts `not`, its evaluator
 *   does not), or a 400 for a division by zero between two constants.
 */
export function compileValuePredicate(predicate: ValuePredicate): ValueTest {
  if (hasNot(predicate)) throw badRequest('Unknown operator not')
  return compile(predicate)
}
