/**
 * The JSON body of `POST /v1/search/metric` → {@link ValuePredicate}, checked against Gnocchi's
 * voluptuous schema (gnocchi/rest/api.py `SearchMetricController.MetricSearchSchema`) with its
 * `Invalid input` messages reproduced:
 *
 *     Search    = Any(Operation, All(Length(1, 1), {and|∨|or|∧|not: [Search]}))
 *     Operation = All(Length(1, 1), {op: Any(float, int, All([float, int, Any(Operation)], Length(2, 2)))})
 *
 * Which error voluptuous reports depends on how its combinators pick among failures, so each
 * combinator is emulated as voluptuous 0.12 runs it (paths absolute, as they are once prepended):
 * - `Any` keeps the error with the longest path, the first one among equals;
 * - a list schema remembers, per element, the last alternative's error, but re-raises at once an
 *   error deeper than the element; the first element error is the one reported;
 * - a dictionary schema marks an error `for dictionary value` when it is no deeper than the key.
 */
import { BINARY_OPERATORS } from '../operations/operators.js'
import { schemaError, type PathElement } from '../filter/schema-errors.js'
import type { ValueOperatorName, ValuePredicate, ValueTerm, ValueBinary } from './ast.js'

/** One voluptuous `Invalid` (for a `MultipleInvalid`, its first error: the one it prints). */
interface Invalid {
  readonly problem: string
  readonly path: readonly PathElement[]
  dictionaryValue: boolean
}

/** Thrown inside the emulation; turned into Gnocchi's 400 at the entry point. */
class SchemaFailure {
  constructor(readonly invalid: Invalid) {}
}

function fail(problem: string, path: readonly PathElement[]): never {
  throw new SchemaFailure({ problem, path, dictionaryValue: false })
}

function failureOf(e: unknown): Invalid {
  if (e instanceof SchemaFailure) return e.invalid
  throw e
}

const VALUE: ValueTerm = { kind: 'value' }

/** The operator spellings of `Operation` (the operations language's binary set minus `clip_*`). */
function valueOperator(key: string): ValueOperatorName | null {
  const op = BINARY_OPERATORS.get(key)
  return op === undefined || op === 'clip_min' || op === 'clip_max' ? null : op
}

const BOOLEAN_KEYS: ReadonlySet<string> = new Set(['and', '∧', 'or', '∨', 'not'])

function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Python's `isinstance(v, (float, int))`: `bool` is an `int`. */
function isNumber(v: unknown): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean'
}

function constantOf(v: number | boolean): ValueTerm {
  return { kind: 'constant', value: typeof v === 'boolean' ? (v ? 1 : 0) : v }
}

/** `Length(min, max)`: Python's `len()` of dicts, lists and strings; anything else has none. */
function checkLength(v: unknown, min: number, max: number, path: readonly PathElement[]): void {
  let n: number
  if (typeof v === 'string') n = [...v].length
  else if (Array.isArray(v)) n = v.length
  else if (isDict(v)) n = Object.keys(v).length
  else fail('invalid value or type', path)
  if (n < min) fail(`length of value must be at least ${min}`, path)
  if (n > max) fail(`length of value must be at most ${max}`, path)
}

/** `Any(a, b, …)`: the first success, else the deepest failure (the first among equals). */
function any<T>(alternatives: readonly (() => T)[]): T {
  let chosen: Invalid | null = null
  for (const alt of alternatives) {
    try {
      return alt()
    } catch (e) {
      const invalid = failureOf(e)
      if (chosen === null || invalid.path.length > chosen.path.length) chosen = invalid
    }
  }
  throw new SchemaFailure(chosen!)
}

/** A dictionary value failed: voluptuous marks errors no deeper than the key. */
function asDictionaryValue<T>(keyPath: readonly PathElement[], run: () => T): T {
  try {
    return run()
  } catch (e) {
    const invalid = failureOf(e)
    if (invalid.path.length <= keyPath.length) invalid.dictionaryValue = true
    throw e
  }
}

/** `[alt, …]` on a list: each element must pass one alternative (see the module comment). */
function eachElement<T>(value: unknown, path: readonly PathElement[], alternatives: readonly ((v: unknown, at: PathElement[]) => T)[]): T[] {
  if (!Array.isArray(value)) fail('expected a list', path)
  const out: T[] = []
  let first: Invalid | null = null
  value.forEach((element: unknown, i) => {
    const at: PathElement[] = [...path, { index: i }]
    let last: Invalid | null = null
    for (const alt of alternatives) {
      try {
        out.push(alt(element, at))
        return
      } catch (e) {
        const invalid = failureOf(e)
        if (invalid.path.length > at.length) throw e
        last = invalid
      }
    }
    first ??= last
  })
  if (first !== null) throw new SchemaFailure(first)
  return out
}

/** The single `[key, value]` of a dictionary that passed `Length(1, 1)`. */
function soleEntry(v: unknown, path: readonly PathElement[]): [string, unknown] {
  if (!isDict(v)) fail('expected a dictionary', path)
  const key = Object.keys(v)[0]!
  return [key, v[key]]
}

/** `Operation`. */
function operation(v: unknown, path: readonly PathElement[]): ValueBinary {
  checkLength(v, 1, 1, path)
  const [key, operand] = soleEntry(v, path)
  const keyPath: PathElement[] = [...path, key]
  const op = valueOperator(key)
  if (op === null) fail('extra keys not allowed', keyPath)
  return asDictionaryValue(keyPath, () =>
    any<ValueBinary>([
      () => {
        if (!isNumber(operand)) fail('expected float', keyPath)
        return { kind: 'binary', op, written: key, left: VALUE, right: constantOf(operand) }
      },
      () => fail('expected int', keyPath),
      () => {
        const [left, right] = eachElement<ValueTerm>(operand, keyPath, [
          (e, at) => (isNumber(e) ? constantOf(e) : fail('expected float', at)),
          (_e, at) => fail('expected int', at),
          (e, at) => operation(e, at),
        ])
        checkLength(operand, 2, 2, keyPath)
        return { kind: 'binary', op, written: key, left: left!, right: right! }
      },
    ]),
  )
}

/** `All(Length(1, 1), {and|∨|or|∧|not: [Search]})`. */
function combination(v: unknown, path: readonly PathElement[]): ValuePredicate {
  checkLength(v, 1, 1, path)
  const [key, operands] = soleEntry(v, path)
  const keyPath: PathElement[] = [...path, key]
  if (!BOOLEAN_KEYS.has(key)) fail('extra keys not allowed', keyPath)
  const list = asDictionaryValue(keyPath, () => eachElement(operands, keyPath, [(e, at) => search(e, at)]))
  if (key === 'and' || key === '∧') return { kind: 'all', written: key, operands: list }
  if (key === 'or' || key === '∨') return { kind: 'any', written: key, operands: list }
  return { kind: 'not', operands: list }
}

/** `Search`. */
function search(v: unknown, path: readonly PathElement[]): ValuePredicate {
  return any<ValuePredicate>([() => operation(v, path), () => combination(v, path)])
}

/**
 * Reads a decoded JSON body.
 * @throws GnocchiError 400 `{"cause": "Invalid input", "reason", "detail"}` as Gnocchi's schema
 *   reports it (e.g. `expected float for dictionary value @ data['=']`).
 */
export function valuePredicateFromJson(body: unknown): ValuePredicate {
  try {
    return search(body, [])
  } catch (e) {
    const invalid = failureOf(e)
    throw schemaError(invalid.problem, invalid.path, invalid.dictionaryValue)
  }
}
