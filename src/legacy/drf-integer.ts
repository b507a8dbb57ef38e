/**
 * DRF's `IntegerField` parsing (rest_framework/fields.py): `"123"`, `" 123 "`, `"+1"` and
 * `"123.0"` are integers, `"123.5"`, `""` and `"1e3"` are not.
 */

/** DRF's message for a value that is not an integer. */
export const INVALID_INTEGER = 'A valid integer is required.'
/** DRF's message for a string longer than `MAX_STRING_LENGTH` (1000). */
export const STRING_TOO_LARGE = 'String value too large.'

// gnocchi-compat (legacy): IntegerField strips a trailing `.000` before calling Python's int(),
// see rest_framework/fields.py IntegerField.re_decimal.
const TRAILING_ZERO_DECIMALS = /\.0*\s*$/
const PY_INT = /^\s*[+-]?\d+\s*$/

/** The integer, or the DRF message explaining why the text is not one. */
export function parseDrfInteger(text: string): { readonly value: number } | { readonly error: string } {
  if (text.length > 1000) return { error: STRING_TOO_LARGE }
  const stripped = text.replace(TRAILING_ZERO_DECIMALS, '')
  if (!PY_INT.test(stripped)) return { error: INVALID_INTEGER }
  return { value: Number(stripped.trim()) }
}

/** DRF's `min_value` message. */
export const minValueMessage = (min: number): string => `Ensure this value is greater than or equal to ${min}.`
/** DRF's `max_value` message. */
export const maxValueMessage = (max: number): string => `Ensure this value is less than or equal to ${max}.`
