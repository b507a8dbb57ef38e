/**
 * Python's `fnmatch.fnmatchcase` (3.11, what `fnmatch.fnmatch` does on POSIX): whole-string,
 * case-sensitive shell patterns where `*` and `?` match any character including `/`, `.` and
 * newlines. picomatch is not used: it gives `/` and leading dots special meaning, which Python
 * does not.
 */

const cache = new Map<string, RegExp>()
const CACHE_LIMIT = 1024

const esc = (cp: number): string => `\\u{${cp.toString(16)}}`

/** Translates a set body (between `[` and `]`, without the `!`) into regex class items. */
function translateSet(body: readonly string[]): string[] {
  const items: string[] = []
  for (let k = 0; k < body.length; k++) {
    const lo = body[k] ?? ''
    const hi = body[k + 2]
    if (body[k + 1] === '-' && hi !== undefined) {
      const a = lo.codePointAt(0) ?? 0
      const b = hi.codePointAt(0) ?? 0
      // Python 3.11 drops empty ranges such as `z-a`.
      if (a <= b) items.push(`${esc(a)}-${esc(b)}`)
      k += 2
    } else {
      items.push(esc(lo.codePointAt(0) ?? 0))
    }
  }
  return items
}

/** Translates a pattern to an anchored regex, following `fnmatch.translate`. */
function translate(pattern: string): RegExp {
  const pat = Array.from(pattern)
  const n = pat.length
  let out = ''
  let i = 0
  while (i < n) {
    const c = pat[i] ?? ''
    i++
    if (c === '*') {
      if (!out.endsWith('.*')) out += '.*'
    } else if (c === '?') {
      out += '.'
    } else if (c === '[') {
      let j = i
      if (pat[j] === '!') j++
      if (pat[j] === ']') j++
      while (j < n && pat[j] !== ']') j++
      if (j >= n) {
        out += esc(0x5b)
        continue
      }
      const stuff = pat.slice(i, j)
      i = j + 1
      const negated = stuff[0] === '!'
      const items = translateSet(negated ? stuff.slice(1) : stuff)
      if (items.length === 0) out += negated ? '.' : '(?!)'
      else out += `[${negated ? '^' : ''}${items.join('')}]`
    } else {
      out += esc(c.codePointAt(0) ?? 0)
    }
  }
  return new RegExp(`^(?:${out})$`, 'su')
}

/**
 * Whether `name` matches the shell pattern `pattern` exactly as Python's `fnmatch.fnmatchcase`.
 * @param name the string tested (a metric name).
 * @param pattern `*`, `?`, `[abc]`, `[a-z]`, `[!abc]`; an unclosed `[` is literal.
 */
export function fnmatch(name: string, pattern: string): boolean {
  let re = cache.get(pattern)
  if (re === undefined) {
    re = translate(pattern)
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(pattern, re)
  }
  return re.test(name)
}
