/**
 * Parsing of a Gnocchi response body. Gnocchi writes JSON with Python's encoder, which emits the
 * bare tokens `NaN`, `Infinity` and `-Infinity` for non-finite floats (aggregates of NaN
 * measures, `fill=null` gaps); `JSON.parse` refuses them, so they are rewritten outside strings
 * into marker strings and revived as numbers.
 */

const MARKERS: Readonly<Record<string, number>> = {
  '\u0000NaN': NaN,
  '\u0000Infinity': Infinity,
  '\u0000-Infinity': -Infinity,
}

/** Rewrites the bare non-finite tokens of `text` into marker strings; other text is kept. */
function quoteNonFinite(text: string): string {
  let out = ''
  let from = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
      continue
    }
    if (c === '"') {
      inString = true
      continue
    }
    for (const token of ['-Infinity', 'Infinity', 'NaN']) {
      if (text.startsWith(token, i)) {
        out += `${text.slice(from, i)}"\\u0000${token}"`
        i += token.length - 1
        from = i + 1
        break
      }
    }
  }
  return from === 0 ? text : out + text.slice(from)
}

/** Parses a body written by Python's `json.dumps` (NaN and ±Infinity allowed). */
export function parseSourceJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (e) {
    if (!/NaN|Infinity/.test(text)) throw e
  }
  return JSON.parse(quoteNonFinite(text), (_key, value: unknown) =>
    typeof value === 'string' && Object.prototype.hasOwnProperty.call(MARKERS, value) ? MARKERS[value] : value,
  )
}
