/**
 * Aggregation method names and the effective method set of a policy
 * (gnocchi-storage-semantics.md §2.3).
 */
import { type BodyPath, schemaError } from './voluptuous-path.js'

/** The base methods, before percentiles and the `rate:` prefix. */
const SIMPLE_METHODS = ['mean', 'sum', 'last', 'max', 'min', 'std', 'median', 'first', 'count'] as const

/** `mean` … `count` then `1pct` … `99pct`: the 108 base methods. */
export const BASE_AGGREGATION_METHODS: readonly string[] = Object.freeze([
  ...SIMPLE_METHODS,
  ...Array.from({ length: 99 }, (_, i) => `${i + 1}pct`),
])

/** All 216 valid methods: the base ones and their `rate:` variants (what `/v1/capabilities` lists). */
export const VALID_AGGREGATION_METHODS: readonly string[] = Object.freeze([
  ...BASE_AGGREGATION_METHODS,
  ...BASE_AGGREGATION_METHODS.map((m) => `rate:${m}`),
])

const VALID = new Set(VALID_AGGREGATION_METHODS)

/** Config `[archive_policy] default_aggregation_methods` default. */
export const DEFAULT_AGGREGATION_METHODS: readonly string[] = Object.freeze(['mean', 'min', 'max', 'sum', 'std', 'count'])

/** True when `name` is one of the 216 valid methods. */
export function isAggregationMethod(name: string): boolean {
  return VALID.has(name)
}

/** True for a valid request entry: a method, `*`, `+<method>` or `-<method>`. */
export function isAggregationMethodEntry(entry: unknown): entry is string {
  if (typeof entry !== 'string') return false
  if (entry === '*') return true
  if (entry.startsWith('+') || entry.startsWith('-')) return VALID.has(entry.slice(1))
  return VALID.has(entry)
}

/**
 * Computes the effective method set from the request's `aggregation_methods`.
 *
 * Base set: all methods if `*` is present; else the configured default if every entry is `+x`/`-x`
 * (including an empty or omitted list); else the plain entries. Then `-x` removes and `+x` adds.
 * gnocchi-compat: 4.4.2 leaves the literal `+x`/`-x` strings in the set when they are mixed with
 * plain names (`["max","+min","-max"]` → `["+min","-max","min"]`); we drop them (**recommended**),
 * see gnocchi-storage-semantics.md §2.3. An empty result is allowed, as in 4.4.2.
 * @param entries the raw field value; `undefined` when omitted.
 * @param defaults the configured default set.
 * @param path body path for error details.
 * @returns the effective set, in the canonical order of {@link VALID_AGGREGATION_METHODS}.
 * @throws GnocchiError Invalid input `not a valid value @ data['aggregation_methods'][i]`.
 */
export function effectiveAggregationMethods(
  entries: unknown,
  defaults: readonly string[] = DEFAULT_AGGREGATION_METHODS,
  path: BodyPath = ['aggregation_methods'],
): string[] {
  const list = entries === undefined ? [] : entries
  if (!Array.isArray(list)) throw schemaError('expected a list', path)
  const items: string[] = []
  list.forEach((entry: unknown, i) => {
    if (!isAggregationMethodEntry(entry)) throw schemaError('not a valid value', [...path, i], false)
    items.push(entry)
  })
  const prefixed = (e: string): boolean => e.startsWith('+') || e.startsWith('-')
  let base: Iterable<string>
  if (items.includes('*')) base = VALID_AGGREGATION_METHODS
  else if (items.every(prefixed)) base = defaults
  else base = items.filter((e) => !prefixed(e))
  const set = new Set(base)
  for (const e of items) if (e.startsWith('-')) set.delete(e.slice(1))
  for (const e of items) if (e.startsWith('+')) set.add(e.slice(1))
  return VALID_AGGREGATION_METHODS.filter((m) => set.has(m))
}
