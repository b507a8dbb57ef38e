/**
 * Request-body decoding with Gnocchi's errors (gnocchi-rest.md §1.1).
 *
 * Decisions:
 * - Python's `json` (and ujson, which Gnocchi uses) accept the bare tokens `NaN`, `Infinity`,
 *   `-Infinity`; so do we (`{"value": NaN}` is a NaN measure), through a slower fallback that
 *   only runs when strict `JSON.parse` fails.
 * - Numbers beyond double range become ±Infinity and integers beyond 2^53 are rounded, as
 *   JavaScript parses them; Gnocchi's validators then treat them as floats too.
 * - Nesting deeper than {@link MAX_BODY_DEPTH} is refused with a 400 before any recursive code
 *   (validation, filters, policy) sees the value.
 */
import { GnocchiError } from '../../model/errors.js'

/** Deepest accepted nesting of arrays/objects in a body; real Gnocchi bodies need < 20. */
export const MAX_BODY_DEPTH = 128

/** Gnocchi's 400 for an undecodable body: `{"cause": "Unable to decode body", "reason", "detail": []}`. */
export const undecodableBody = (reason: string): GnocchiError =>
  new GnocchiError('INVALID_INPUT', { cause: 'Unable to decode body', reason, detail: [] })

const NONCE_ID = `pyjson-${Math.random().toString(36).slice(2)}:`
// The sentinel starts with a NUL, which JSON text can only carry escaped.
const NONCE = `\u0000${NONCE_ID}`
const NONCE_JSON = `\\u0000${NONCE_ID}`
const SPECIALS: Readonly<Record<string, number>> = { NaN, Infinity, '-Infinity': -Infinity }

/** Rewrites bare NaN/Infinity tokens (outside strings) into sentinel strings. */
function quoteSpecials(text: string): string | null {
  let out = ''
  let from = 0
  let changed = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      // Skip a string literal, honouring backslash escapes.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i)
        if (d === 0x5c) i++
        else if (d === 0x22) break
      }
      continue
    }
    for (const token of ['NaN', 'Infinity', '-Infinity']) {
      if (text.startsWith(token, i)) {
        out += `${text.slice(from, i)}"${NONCE_JSON}${token}"`
        i += token.length - 1
        from = i + 1
        changed = true
        break
      }
    }
  }
  return changed ? out + text.slice(from) : null
}

function reviveSpecials(_key: string, value: unknown): unknown {
  if (typeof value === 'string' && value.startsWith(NONCE)) return SPECIALS[value.slice(NONCE.length)]
  return value
}

function depthExceeded(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return false
  if (depth > MAX_BODY_DEPTH) return true
  if (Array.isArray(value)) {
    for (const v of value) if (v !== null && typeof v === 'object' && depthExceeded(v, depth + 1)) return true
    return false
  }
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k]
    if (v !== null && typeof v === 'object' && depthExceeded(v, depth + 1)) return true
  }
  return false
}

/**
 * Decodes a JSON body as Gnocchi would. Returns `undefined` for an empty (or blank) body;
 * throws {@link undecodableBody} for anything unparseable or too deep.
 */
export function decodeJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (strictError) {
    const quoted = quoteSpecials(text)
    if (quoted === null) throw undecodableBody(messageOf(strictError))
    try {
      value = JSON.parse(quoted, reviveSpecials)
    } catch (e) {
      throw undecodableBody(messageOf(e))
    }
  }
  if (depthExceeded(value, 1)) throw undecodableBody(`Maximum nesting depth (${MAX_BODY_DEPTH}) exceeded`)
  return value
}

function messageOf(e: unknown): string {
  if (e instanceof RangeError) return `Maximum nesting depth (${MAX_BODY_DEPTH}) exceeded`
  return e instanceof Error ? e.message : String(e)
}
