/**
 * Voluptuous-style error text for schema checks done here rather than in the HTTP schema
 * (gnocchi-rest.md §1.1): `"<problem> @ data['k'][0]"` or `"<problem> for dictionary value @ data['k']"`.
 */
import { invalidInput, type GnocchiError } from '../../model/errors.js'

/** A path inside the request body: object keys and list indices. */
export type BodyPath = readonly (string | number)[]

/** `data['definition'][0]['points']`: keys quoted, list indices bare, like voluptuous. */
export function formatPath(path: BodyPath): string {
  return 'data' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `['${p}']`)).join('')
}

/**
 * 400 Invalid input for `problem` at `path`.
 * @param dictionaryValue voluptuous adds `for dictionary value` when a dict value (not a list item or key) failed.
 */
export function schemaError(problem: string, path: BodyPath, dictionaryValue = true): GnocchiError {
  const where = dictionaryValue ? ` for dictionary value @ ${formatPath(path)}` : ` @ ${formatPath(path)}`
  return invalidInput(problem + where, path)
}

/**
 * voluptuous `Coerce(int)`: Python `int()` on a JSON number (truncates floats) or an integer string.
 * @returns the integer, or `null` when `int()` would fail.
 */
export function coercePythonInt(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : null
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'string' && /^\s*[+-]?\d(?:_?\d)*\s*$/.test(value)) {
    return Number.parseInt(value.replace(/_/g, '').trim(), 10)
  }
  return null
}

/** A plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Rejects keys outside `allowed` with voluptuous' `extra keys not allowed`. */
export function rejectExtraKeys(obj: Readonly<Record<string, unknown>>, allowed: readonly string[], path: BodyPath): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw schemaError('extra keys not allowed', [...path, key], false)
  }
}
