/**
 * Two text transformations of pyparsing 3.0 (the parser library behind Gnocchi's InfluxDB
 * grammars) that change what a line means, reproduced exactly.
 */

/**
 * Python's `str.expandtabs(8)`, which pyparsing's `parseString` applies to its input first:
 * columns count code points and restart after `\r` or `\n`.
 */
export function expandTabs(s: string): string {
  if (!s.includes('\t')) return s
  let out = ''
  let col = 0
  for (const ch of s) {
    if (ch === '\t') {
      const n = 8 - (col % 8)
      out += ' '.repeat(n)
      col += n
    } else {
      out += ch
      col = ch === '\r' || ch === '\n' ? 0 : col + 1
    }
  }
  return out
}

/**
 * The body of a `QuotedString('"', escChar='\\')` match (quotes removed) as pyparsing 3.0
 * returns it: first the two-character sequences `\t`, `\n`, `\f`, `\r` become control
 * characters (a plain string replace, so `\\t` turns into backslash + TAB), then the
 * backslash of every `\<char>` is dropped, except before a newline.
 */
export function unquotePyparsing(inner: string): string {
  if (!inner.includes('\\')) return inner
  const ws = inner.replaceAll('\\t', '\t').replaceAll('\\n', '\n').replaceAll('\\f', '\f').replaceAll('\\r', '\r')
  return ws.replace(/\\([^\n])/gu, '$1')
}
