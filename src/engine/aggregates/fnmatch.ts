/**
 * Python's `fnmatch.fnmatch` on POSIX (case-sensitive): `*`, `?`, `[seq]`, `[!seq]`, ranges;
 * an unclosed `[` is a literal. Used to match metric names in resource mode
 * (gnocchi-aggregates.md §2.3).
 */

const cache = new Map<string, RegExp>()

function escapeRe(s: string, inClass = false): string {
  const escaped = s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  return inClass && s === '-' ? '\\-' : escaped
}

/** Translates a shell pattern into an anchored RegExp, as Python's `fnmatch.translate` does. */
export function fnmatchToRegExp(pattern: string): RegExp {
  const hit = cache.get(pattern)
  if (hit !== undefined) return hit
  const chars = [...pattern]
  let re = ''
  let i = 0
  while (i < chars.length) {
    const c = chars[i++]!
    if (c === '*') {
      re += '.*'
      while (chars[i] === '*') i++
    } else if (c === '?') {
      re += '.'
    } else if (c === '[') {
      let j = i
      if (chars[j] === '!') j++
      if (chars[j] === ']') j++
      while (j < chars.length && chars[j] !== ']') j++
      if (j >= chars.length) {
        re += '\\['
      } else {
        let body = chars.slice(i, j)
        i = j + 1
        let negate = false
        if (body[0] === '!') {
          negate = true
          body = body.slice(1)
        }
        const parts: string[] = []
        let k = 0
        while (k < body.length) {
          const lo = body[k]!
          if (body[k + 1] === '-' && k + 2 < body.length) {
            const hi = body[k + 2]!
            // Python drops reversed ranges such as [z-a]
            if (lo <= hi) parts.push(`${escapeRe(lo, true)}-${escapeRe(hi, true)}`)
            k += 3
          } else {
            parts.push(escapeRe(lo, true))
            k++
          }
        }
        if (parts.length === 0) re += negate ? '.' : '(?!)'
        else re += `[${negate ? '^' : ''}${parts.join('')}]`
      }
    } else {
      re += escapeRe(c)
    }
  }
  const out = new RegExp(`^(?:${re})$`, 'su')
  cache.set(pattern, out)
  return out
}

/** `fnmatch.fnmatch(name, pattern)` (case-sensitive). */
export function fnmatch(name: string, pattern: string): boolean {
  return fnmatchToRegExp(pattern).test(name)
}
