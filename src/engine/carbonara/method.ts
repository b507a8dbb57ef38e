/**
 * Storage aggregation method names (gnocchi-storage-semantics.md §2.3, §5) parsed once into
 * what the per-bucket reducers need.
 */

/** The reducer of a method, without its `rate:` prefix; percentiles are `pct` with {@link StorageMethod.q}. */
export type ReducerKind = 'mean' | 'sum' | 'last' | 'max' | 'min' | 'std' | 'median' | 'first' | 'count' | 'pct'

/** A parsed storage aggregation method such as `rate:95pct`. */
export interface StorageMethod {
  /** The method name as stored and requested (`rate:95pct`). */
  readonly name: string
  readonly kind: ReducerKind
  /** Percentile 1…99 for `pct`, else 0. */
  readonly q: number
  /** True for `rate:` methods: the reducer runs on successive differences of the raw points. */
  readonly rate: boolean
}

const SIMPLE = new Set<string>(['mean', 'sum', 'last', 'max', 'min', 'std', 'median', 'first', 'count'])
const PCT = /^([1-9][0-9]?)pct$/
const cache = new Map<string, StorageMethod>()

/**
 * Parses a storage method name; `null` when it is not one of the 216 valid names.
 * @param name e.g. `mean`, `95pct`, `rate:last`.
 */
export function parseStorageMethod(name: string): StorageMethod | null {
  const hit = cache.get(name)
  if (hit !== undefined) return hit
  const rate = name.startsWith('rate:')
  const base = rate ? name.slice(5) : name
  let parsed: StorageMethod | null = null
  if (SIMPLE.has(base)) parsed = { name, kind: base as ReducerKind, q: 0, rate }
  else {
    const m = PCT.exec(base)
    if (m !== null) parsed = { name, kind: 'pct', q: Number(m[1]), rate }
  }
  if (parsed !== null) cache.set(name, parsed)
  return parsed
}

/**
 * Parses a method name that is known to be valid (taken from a stored archive policy).
 * @throws Error for an unknown name: a policy can only hold valid methods, so this is a bug.
 */
export function requireStorageMethod(name: string): StorageMethod {
  const m = parseStorageMethod(name)
  if (m === null) throw new Error(`unknown aggregation method ${name}`)
  return m
}
