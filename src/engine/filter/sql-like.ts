/**
 * SQL `LIKE` patterns (`%` any run, `_` one character) compiled to anchored regular
 * expressions. Case-sensitive, as on PostgreSQL.
 */

const cache = new Map<string, RegExp>()

// Only syntax characters: with the `u` flag any other escape (e.g. `\-`, outside a class) is a
// SyntaxError, so a pattern such as `%:<project uuid>` would not compile.
const escapeChar = (ch: string): string => ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** The regular expression matching exactly what `text LIKE pattern` matches. */
export function likeToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern)
  if (re !== undefined) return re
  const chars = [...pattern]
  let src = '^'
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]
    // gnocchi-compat: Gnocchi passes patterns to PostgreSQL unescaped, where `\` is LIKE's default escape (`\%` is a literal `%`), see gnocchi/indexer/sqlalchemy.py QueryTransformer
    if (ch === '\\' && i + 1 < chars.length) src += escapeChar(chars[++i])
    else if (ch === '%') src += '[\\s\\S]*'
    else if (ch === '_') src += '[\\s\\S]'
    else src += escapeChar(ch)
  }
  re = new RegExp(`${src}$`, 'u')
  if (cache.size > 1000) cache.clear()
  cache.set(pattern, re)
  return re
}
