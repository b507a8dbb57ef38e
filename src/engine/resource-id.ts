/**
 * Resource and metric id normalisation (gnocchi-rest.md §1.8): lenient UUIDs are used as-is,
 * other strings become a UUID5 of the value and the caller's creator.
 */
import { v5 as uuidv5 } from 'uuid'
import { badRequest } from '../model/errors.js'

/** Gnocchi's namespace for transformed resource ids. */
export const RESOURCE_ID_NAMESPACE = '0a7a15ff-aa13-4ac2-897c-9bdf30ce175b'

/** Longest transformable id, in characters (code points). gnocchi-compat: 4.4.2 limit; master allows 289. */
export const MAX_TRANSFORMABLE_ID_LENGTH = 255

/** Thrown messages, verbatim from Gnocchi (callers wrap them for their context). */
export const RESOURCE_ID_ERRORS = {
  slash: "'/' is not supported in resource id",
  tooLong: 'transformable resource id >255 max allowed characters',
  notString: 'expected str',
} as const

/** Python `int(text, 16)` syntax: blanks, optional `+`, optional `0x`, digits with single `_` separators. */
const PY_HEX_INT = /^\s*\+?(?:0[xX]_?)?([0-9a-fA-F](?:_?[0-9a-fA-F])*)\s*$/

/** Strips any run of `{` / `}` at both ends, like Python's `str.strip('{}')`. */
const stripBraces = (s: string): string => s.replace(/^[{}]+|[{}]+$/g, '')

/**
 * Python's `uuid.UUID(text)`: removes every `urn:` then every `uuid:`, strips braces, deletes
 * dashes, requires 32 characters that `int(…, 16)` accepts.
 * @returns the canonical lowercase UUID, or `null` when Python would raise.
 */
export function parseLenientUuid(text: string): string | null {
  const hex = stripBraces(text.replaceAll('urn:', '').replaceAll('uuid:', '')).replaceAll('-', '')
  if (Array.from(hex).length !== 32) return null
  const m = PY_HEX_INT.exec(hex)
  if (m?.[1] === undefined) return null
  const digits = BigInt(`0x${m[1].replaceAll('_', '')}`).toString(16).padStart(32, '0')
  return `${digits.slice(0, 8)}-${digits.slice(8, 12)}-${digits.slice(12, 16)}-${digits.slice(16, 20)}-${digits.slice(20)}`
}

/**
 * Normalises an input resource id (§1.8).
 * @param raw the id as supplied (body value, path segment, batch key…).
 * @param creator the current caller's creator string (basic/remoteuser: user name; keystone
 *   `"<user_id>:<project_id>"`); `null` when there is none (then `"\u0000"`).
 * @returns the canonical UUID.
 * @throws GnocchiError 400 with {@link RESOURCE_ID_ERRORS} text: non-string (**recommended**; 4.4.2
 *   answers 500), `'/' is not supported in resource id`, `transformable resource id >255 max allowed characters`.
 */
export function transformResourceId(raw: unknown, creator: string | null): string {
  if (typeof raw !== 'string') throw badRequest(RESOURCE_ID_ERRORS.notString)
  const uuid = parseLenientUuid(raw)
  if (uuid !== null) return uuid
  if (raw.includes('/')) throw badRequest(RESOURCE_ID_ERRORS.slash)
  if (Array.from(raw).length > MAX_TRANSFORMABLE_ID_LENGTH) throw badRequest(RESOURCE_ID_ERRORS.tooLong)
  return uuidv5(`${raw}\u0000${creator ?? '\u0000'}`, RESOURCE_ID_NAMESPACE)
}

/** Like {@link transformResourceId} but `null` instead of throwing (path segments answer 404). */
export function tryTransformResourceId(raw: unknown, creator: string | null): string | null {
  try {
    return transformResourceId(raw, creator)
  } catch {
    return null
  }
}

/**
 * A metric id from a path or body: metric ids are never transformed, only leniently parsed.
 * @returns the canonical UUID, or `null` (callers answer 404 `Metric <raw> does not exist`).
 */
export function parseMetricId(raw: unknown): string | null {
  return typeof raw === 'string' ? parseLenientUuid(raw) : null
}
