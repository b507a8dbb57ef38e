/**
 * Boolean query parameters (gnocchi-rest.md §1.4): `details`, `history`, `refresh`,
 * `create_metrics`, …
 */
import { badRequest } from '../../model/errors.js'

const TRUE_WORDS = new Set(['y', 'yes', 't', 'true', 'on', '1'])
const FALSE_WORDS = new Set(['n', 'no', 'f', 'false', 'off', '0'])

/**
 * Parses a boolean query parameter; `undefined` (absent) gives `fallback`. A repeated
 * parameter uses its first value. Throws 400
 * ``Unable to parse `<name>': invalid truth value '<value>'``.
 */
export function parseBoolParam(name: string, value: string | readonly string[] | undefined, fallback = false): boolean {
  const raw = Array.isArray(value) ? (value as readonly string[])[0] : (value as string | undefined)
  if (raw === undefined) return fallback
  // gnocchi-compat: the value is lower-cased before matching and in the message (observed:
  // `details=Maybe` → `invalid truth value 'maybe'`), see gnocchi/utils.py strtobool.
  const v = raw.toLowerCase()
  if (TRUE_WORDS.has(v)) return true
  if (FALSE_WORDS.has(v)) return false
  throw badRequest(`Unable to parse \`${name}': invalid truth value ${pyRepr(v)}`)
}

/** Python `repr()` of a str: single quotes unless the text holds a `'` and no `"`. */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'"
  let out = ''
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0
    if (ch === '\\') out += '\\\\'
    else if (ch === quote) out += `\\${quote}`
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`
    else out += ch
  }
  return `${quote}${out}${quote}`
}
