/** Unix-timestamp query values of the alert filters, in seconds (fractions allowed). */

const NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/

/** The timestamp in µs, or null when the text is not a finite number in the representable range. */
export function parseUnixTimestampUs(text: string): number | null {
  if (!NUMBER.test(text)) return null
  const s = Number(text)
  // Beyond ±2^53 µs a timestamp is not exact any more (year 2255).
  if (!Number.isFinite(s) || Math.abs(s) > Number.MAX_SAFE_INTEGER / 1e6) return null
  return Math.round(s * 1e6)
}
