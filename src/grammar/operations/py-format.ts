/**
 * Python renderings of decoded JSON values, for the voluptuous-style messages of §3.4 that embed
 * `type(v)` or `'%s' % v` (e.g. `Expected a tuple/list, got a <class 'dict'>`).
 */
import { reprPyFloat } from '../../model/python-json.js'

/**
 * Python class name of a value as `json.loads` would have built it.
 * gnocchi-compat: JSON `5.0` decodes to a Python float but to the same JS number as `5`, so
 * integral numbers always report `int` here.
 */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType'
  if (typeof value === 'boolean') return 'bool'
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'int' : 'float'
  if (typeof value === 'string') return 'str'
  if (Array.isArray(value)) return 'list'
  return 'dict'
}

/** Python `str(value)` (lists and dicts render their items with `repr`). */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value)
}

/** Python `repr(value)` for JSON-decoded values. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None'
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'number') return pyNumberRepr(value)
  if (typeof value === 'string') return pyStringRepr(value)
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`
  if (typeof value === 'object') {
    const items = Object.entries(value).map(([k, v]) => `${pyStringRepr(k)}: ${pyRepr(v)}`)
    return `{${items.join(', ')}}`
  }
  return String(value)
}

/** Python `repr` of an int or a float: `5`, `5.5`, `1e+16`, `nan`, `inf`. */
export function pyNumberRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan'
  if (n === Infinity) return 'inf'
  if (n === -Infinity) return '-inf'
  if (Number.isSafeInteger(n)) return Object.is(n, -0) ? '-0.0' : String(n)
  return pyFloatRepr(n)
}

/** Python `repr(float)`: shortest digits, fixed notation for exponents in [-4, 16), else `d.dde+XX`. */
export const pyFloatRepr = reprPyFloat

function pyStringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'"
  let out = quote
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0
    if (ch === '\\') out += '\\\\'
    else if (ch === quote) out += `\\${quote}`
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`
    else out += ch
  }
  return out + quote
}
