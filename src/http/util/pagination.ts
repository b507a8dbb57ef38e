/**
 * Pagination, sorting and the `Link` header (gnocchi-rest.md §1.9).
 */
import { GnocchiError, badRequest } from '../../model/errors.js'
import { voluptuousPath } from './validation.js'

/** Sort directions Gnocchi accepts. */
export type SortDirection = 'asc' | 'desc' | 'asc-nullsfirst' | 'asc-nullslast' | 'desc-nullsfirst' | 'desc-nullslast'

const DIRECTIONS: ReadonlySet<string> = new Set<SortDirection>(['asc', 'desc', 'asc-nullsfirst', 'asc-nullslast', 'desc-nullsfirst', 'desc-nullslast'])

/** One sort key. */
export interface SortKey {
  readonly key: string
  readonly direction: SortDirection
}

/** Parsed pagination parameters. */
export interface Pagination {
  /** Effective page size: at least 1, at most `maxLimit`. */
  readonly limit: number
  /** Raw marker text, or null. Routes resolve it and throw {@link invalidMarker} if unknown. */
  readonly marker: string | null
  /** Effective sort: the client's keys (or the defaults), then the unique keys ascending. */
  readonly sort: readonly SortKey[]
  /** The sort as the client should see it in `Link` (`key:dir`), without the tie-breakers. */
  readonly sortParams: readonly string[]
}

/** What a listing route declares about its keys. */
export interface PaginationSpec {
  /** `[api] max_limit`. */
  readonly maxLimit: number
  /** Whether a sort key names a column of the listed table. */
  readonly isSortKey: (key: string) => boolean
  /** Default sort (`key:dir` texts), e.g. `['id:asc']`. */
  readonly defaultSort: readonly string[]
  /** Unique key(s) appended ascending as tie-breakers, e.g. `['id']` or `['id', 'revision']`. */
  readonly uniqueKeys: readonly string[]
}

/** A query-string value as Fastify's parser gives it. */
export type QueryValue = string | readonly string[] | undefined

const asList = (v: QueryValue): readonly string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : v)

const argumentError = (reason: string): GnocchiError => new GnocchiError('INVALID_INPUT', { cause: 'Argument value error', reason })

const invalidPagination = (what: string): GnocchiError => badRequest(`Invalid pagination: \`${what}'`)

/** 400 for a marker that names no row: ``Invalid pagination: `Invalid marker: `<m>''``. */
export const invalidMarker = (marker: string): GnocchiError => invalidPagination(`Invalid marker: \`${marker}'`)

function parseLimit(values: readonly string[], maxLimit: number): number {
  if (values.length === 0) return maxLimit
  const raw = values[values.length - 1]
  const at = voluptuousPath(['limit'])
  // gnocchi-compat: voluptuous `int()` coercion: optional sign and digits, surrounding blanks allowed.
  if (values.length > 1 || !/^\s*[+-]?\d+\s*$/.test(raw)) throw argumentError(`expected int for dictionary value @ ${at}`)
  const n = Number.parseInt(raw, 10)
  if (n < 1) throw argumentError(`value must be at least 1 for dictionary value @ ${at}`)
  return Math.min(n, maxLimit)
}

function parseSortKey(text: string, spec: PaginationSpec): SortKey {
  const colon = text.indexOf(':')
  const key = colon < 0 ? text : text.slice(0, colon)
  const dir = colon < 0 ? 'asc' : text.slice(colon + 1)
  // gnocchi-compat: the key is checked before the direction (observed: `sort=foo:up` reports the key).
  if (!spec.isSortKey(key)) throw invalidPagination(`Sort key supplied is invalid: ${key}`)
  if (!DIRECTIONS.has(dir)) {
    throw invalidPagination('Unknown sort direction, must be one of: asc-nullsfirst, asc-nullslast, desc-nullsfirst, desc-nullslast')
  }
  return { key, direction: dir as SortDirection }
}

/** Reads `limit`, `marker` and (repeatable) `sort` from a parsed query string. */
export function parsePagination(query: Readonly<Record<string, QueryValue>>, spec: PaginationSpec): Pagination {
  const limit = parseLimit(asList(query.limit), spec.maxLimit)
  const markers = asList(query.marker)
  const marker = markers.length > 0 ? markers[markers.length - 1] : null
  const requested = asList(query.sort)
  const sortParams = requested.length > 0 ? requested : spec.defaultSort
  const sort = sortParams.map((s) => parseSortKey(s, { ...spec, isSortKey: requested.length > 0 ? spec.isSortKey : () => true }))
  const named = new Set(sort.map((s) => s.key))
  const tie = spec.uniqueKeys.filter((k) => !named.has(k)).map((key): SortKey => ({ key, direction: 'asc' }))
  return { limit, marker, sort: [...sort, ...tie], sortParams }
}

/** Python's `urllib.parse.quote_plus`: unreserved `A-Za-z0-9_.-~` kept, space as `+`. */
export function quotePlus(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
}

/**
 * The `Link: <…>; rel="next"` value for a full page, or null when the page is not full.
 * `pageUrl` is the absolute request URL without its query; `rawQuery` the request's query
 * string (order of repeated keys is kept); `limit`, `sort` and `marker` are overridden;
 * keys are sorted alphabetically as Gnocchi's `urlencode(sorted(...))` does.
 */
export function nextLink(
  pageUrl: string,
  rawQuery: string,
  page: { readonly count: number; readonly limit: number; readonly sortParams: readonly string[]; readonly lastMarker: string },
): string | null {
  if (page.count < page.limit) return null
  const params = new Map<string, string[]>()
  for (const [k, v] of new URLSearchParams(rawQuery)) {
    const list = params.get(k)
    if (list === undefined) params.set(k, [v])
    else list.push(v)
  }
  params.set('limit', [String(page.limit)])
  params.set('sort', [...page.sortParams])
  params.set('marker', [page.lastMarker])
  const keys = [...params.keys()].sort()
  const query = keys.flatMap((k) => (params.get(k) ?? []).map((v) => `${quotePlus(k)}=${quotePlus(v)}`)).join('&')
  return `<${pageUrl}?${query}>; rel="next"`
}
