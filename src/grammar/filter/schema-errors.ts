/**
 * Voluptuous-style `Invalid input` errors of the JSON filter schema (gnocchi-aggregates.md §7.1,
 * gnocchi-rest.md §1.1): `reason` is `<problem> [for dictionary value] @ data['k'][0]…` and
 * `detail` the path with every element stringified.
 */
import { CAUSES, GnocchiError } from '../../model/errors.js'
import { formatPyFloat } from '../../model/python-json.js'

/** A path element: a dictionary key (string or, from the string form, any Python value) or a list index. */
export type PathElement = string | { readonly index: number } | { readonly key: unknown }

/** Python `repr()` of the values a filter can hold (used for non-string dictionary keys). */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None'
  if (value === true) return 'True'
  if (value === false) return 'False'
  if (typeof value === 'number') {
    if (value === Infinity) return 'inf'
    if (value === -Infinity) return '-inf'
    if (value !== value) return 'nan'
    return formatPyFloat(value)
  }
  if (typeof value === 'string') return pyQuote(value)
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`
  return String(value)
}

/** Python `str()` of a value (what voluptuous puts in `detail`). */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value)
}

/** Python's string `repr`: single quotes unless the text has a `'` and no `"`. */
function pyQuote(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'"
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
  return q === "'" ? `'${body.replace(/'/g, "\\'")}'` : `"${body}"`
}

function formatPath(path: readonly PathElement[]): string {
  let out = 'data'
  for (const p of path) {
    if (typeof p === 'string') out += `[${pyQuote(p)}]`
    else if ('index' in p) out += `[${p.index}]`
    else out += `[${pyRepr(p.key)}]`
  }
  return out
}

function detailOf(path: readonly PathElement[]): string[] {
  return path.map((p) => (typeof p === 'string' ? p : 'index' in p ? String(p.index) : pyStr(p.key)))
}

function invalid(reason: string, path: readonly PathElement[]): GnocchiError {
  return new GnocchiError('INVALID_INPUT', { cause: CAUSES.invalidInput, reason, detail: detailOf(path) })
}

/**
 * A problem with the value at `path`: voluptuous appends `for dictionary value` when that value
 * belongs to a dictionary key, and nothing at all at the top level.
 */
export function valueError(problem: string, path: readonly PathElement[]): GnocchiError {
  if (path.length === 0) return invalid(problem, path)
  const last = path[path.length - 1]
  const inList = typeof last !== 'string' && 'index' in last
  return invalid(`${problem}${inList ? '' : ' for dictionary value'} @ ${formatPath(path)}`, path)
}

/**
 * A voluptuous `Invalid` rendered as Gnocchi does, for callers that track themselves whether
 * voluptuous marked it `for dictionary value` (it does so for an error no deeper than the
 * dictionary key whose value failed, which a path alone cannot always tell).
 */
export function schemaError(problem: string, path: readonly PathElement[], dictionaryValue: boolean): GnocchiError {
  const suffix = dictionaryValue ? ' for dictionary value' : ''
  return invalid(path.length === 0 ? `${problem}${suffix}` : `${problem}${suffix} @ ${formatPath(path)}`, path)
}

/** A dictionary key the schema does not allow (`extra keys not allowed @ data['foo']`). */
export function extraKeyError(path: readonly PathElement[]): GnocchiError {
  return invalid(`extra keys not allowed @ ${formatPath(path)}`, path)
}

/** A nested `{}`: valid for the schema, rejected by the query builder. */
export const UNABLE_TO_PARSE = 'Unable to parse this query'
