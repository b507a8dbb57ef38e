/**
 * Sorting and keyset pagination shared by the resource and metric listings
 * (gnocchi-rest.md §1.9).
 */
import { badRequest, type GnocchiError } from '../../model/errors.js'
import type { ResourceRevision } from '../../model/resource.js'
import type { SortDirection, SortSpec } from '../index-types.js'

/** A sortable column value. */
export type SortValue = string | number | boolean | null

/** Reads one sort column of a row. */
export type ColumnGetter<T> = (row: T) => SortValue

const DIRECTIONS: ReadonlySet<string> = new Set<SortDirection>([
  'asc',
  'desc',
  'asc-nullsfirst',
  'asc-nullslast',
  'desc-nullsfirst',
  'desc-nullslast',
])

/** `Invalid pagination: \`<reason>'` (Gnocchi's InvalidPagination). */
export function invalidPagination(reason: string): GnocchiError {
  return badRequest(`Invalid pagination: \`${reason}'`)
}

/** The error for an unknown marker. */
export function invalidMarker(marker: string): GnocchiError {
  return invalidPagination(`Invalid marker: \`${marker}'`)
}

/**
 * Parses `sort` query values (`key[:dir]`, default `asc`). Unknown directions throw Gnocchi's
 * error; keys are checked by the listing itself, which knows its columns.
 */
export function parseSortParams(values: readonly string[]): SortSpec[] {
  return values.map((raw) => {
    const colon = raw.indexOf(':')
    const key = colon < 0 ? raw : raw.slice(0, colon)
    const dir = colon < 0 ? 'asc' : raw.slice(colon + 1)
    if (!isSortDirection(dir)) {
      throw invalidPagination(
        'Unknown sort direction, must be one of: asc-nullsfirst, asc-nullslast, desc-nullsfirst, desc-nullslast',
      )
    }
    return { key, dir }
  })
}

/** Type guard for {@link SortDirection}. */
export function isSortDirection(dir: string): dir is SortDirection {
  return DIRECTIONS.has(dir)
}

/** Renders a sort spec as Gnocchi prints it in `Link` headers (`key:dir`). */
export function formatSortSpec(spec: SortSpec): string {
  return `${spec.key}:${spec.dir}`
}

/**
 * The pagination marker of a resource row: its id, or `<id>@<revision>` in history listings
 * where the current revision is `-1`.
 */
export function resourceMarker(resource: ResourceRevision, history: boolean): string {
  if (!history) return resource.id
  // gnocchi-compat: the current revision is addressed as -1, see gnocchi/rest/api.py ResourcesController (marker)
  return `${resource.id}@${resource.revisionEndUs === null ? -1 : resource.revision}`
}

interface CompiledKey<T> {
  readonly get: ColumnGetter<T>
  /** 1 ascending, -1 descending. */
  readonly sign: 1 | -1
  /** Where nulls go, independently of the direction. */
  readonly nullsFirst: boolean
}

/**
 * Builds the total order of a listing: the requested keys (or the defaults), then the unique
 * keys not already present, ascending. Unknown keys throw `Sort key supplied is invalid`.
 */
export function compileOrder<T>(
  requested: readonly SortSpec[] | undefined,
  defaults: readonly SortSpec[],
  uniqueKeys: readonly string[],
  columns: (key: string) => ColumnGetter<T> | undefined,
): (a: T, b: T) => number {
  const specs = [...(requested !== undefined && requested.length > 0 ? requested : defaults)]
  for (const key of uniqueKeys) if (!specs.some((s) => s.key === key)) specs.push({ key, dir: 'asc' })
  const keys: CompiledKey<T>[] = specs.map((spec) => {
    const get = columns(spec.key)
    if (get === undefined) throw invalidPagination(`Sort key supplied is invalid: ${spec.key}`)
    const descending = spec.dir.startsWith('desc')
    // gnocchi-compat: without an explicit nulls placement PostgreSQL puts nulls last ascending and
    // first descending; the reference deployment runs on PostgreSQL (observed on Gnocchi 4.4.2).
    const nullsFirst = spec.dir.endsWith('nullsfirst') ? true : spec.dir.endsWith('nullslast') ? false : descending
    return { get, sign: descending ? -1 : 1, nullsFirst }
  })
  return (a, b) => {
    for (const k of keys) {
      const va = k.get(a)
      const vb = k.get(b)
      if (va === vb) continue
      if (va === null) return k.nullsFirst ? -1 : 1
      if (vb === null) return k.nullsFirst ? 1 : -1
      // Strings compare by UTF-16 code unit, which is byte (C collation) order except between
      // U+E000–U+FFFF and astral characters.
      if (va < vb) return -k.sign
      if (va > vb) return k.sign
    }
    return 0
  }
}

/**
 * Sorts `rows`, keeps those strictly after `markerRow` (keyset pagination) and the first
 * `limit`. Uses a bounded selection when the page is much smaller than the candidate set.
 */
export function paginate<T>(rows: T[], order: (a: T, b: T) => number, markerRow: T | undefined, limit: number | undefined): T[] {
  const after = markerRow === undefined ? rows : rows.filter((r) => order(r, markerRow) > 0)
  if (limit === undefined || after.length <= limit * 4) {
    after.sort(order)
    return limit === undefined ? after : after.slice(0, limit)
  }
  return smallest(after, order, limit)
}

/** The `k` smallest rows in order, with a max-heap of size k: O(n log k). */
function smallest<T>(rows: readonly T[], order: (a: T, b: T) => number, k: number): T[] {
  const heap: T[] = []
  const up = (i: number): void => {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (order(heap[i], heap[parent]) <= 0) return
      ;[heap[i], heap[parent]] = [heap[parent], heap[i]]
      i = parent
    }
  }
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let largest = i
      if (l < heap.length && order(heap[l], heap[largest]) > 0) largest = l
      if (r < heap.length && order(heap[r], heap[largest]) > 0) largest = r
      if (largest === i) return
      ;[heap[i], heap[largest]] = [heap[largest], heap[i]]
      i = largest
    }
  }
  for (const row of rows) {
    if (heap.length < k) {
      heap.push(row)
      up(heap.length - 1)
    } else if (order(row, heap[0]) < 0) {
      heap[0] = row
      down(0)
    }
  }
  return heap.sort(order)
}
