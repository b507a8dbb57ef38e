/**
 * The `q` parameter of `POST /v1/influxdb/query` (gnocchi-rest.md §3.12): Gnocchi understands
 * only `CREATE DATABASE <name>`.
 */
import { GnocchiError } from '../../model/errors.js'
import { expandTabs, unquotePyparsing } from './pyparsing-text.js'

/** A recognised query. */
export interface InfluxQuery {
  /** Name of the resource type to create (may be `""` when quoted empty, as in Gnocchi). */
  readonly createDatabase: string
}

/** The 501 for any other query. */
export function queryNotImplemented(): GnocchiError {
  return new GnocchiError('NOT_IMPLEMENTED', { cause: 'Not implemented error', detail: 'q', reason: 'Query not implemented' })
}

/** pyparsing's default skipped whitespace. */
const DEFAULT_WS = ' \n\t\r'
/** What `White()` matches. */
const WHITE = ' \t\r\n'
/** What pyparsing skips before `White()`: its other known blanks (pyparsing 3.0 `White.whiteStrs`). */
const BEFORE_WHITE = '\f\u00a0\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000'

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y
// Same closing rule as the line protocol's quoted strings.
const QUOTED = /"((?:\\[^\n]|[^"\n\r\\])*)"/uy

/**
 * Parses `q` the way Gnocchi's pyparsing `query_parser` does: keywords case-insensitive and
 * not required to be separated (`createdatabase x` is accepted), at least one blank before
 * the name, name = `[A-Za-z_][A-Za-z0-9_]*` or a double-quoted string with backslash escapes.
 * gnocchi-compat: text after the name is ignored (`create database foo bar` creates `foo`),
 * see gnocchi/rest/influxdb.py query_parser (parseString without parseAll).
 * @throws GnocchiError 501 `Query not implemented` (detail `q`) for anything else.
 */
export function parseInfluxQuery(q: string): InfluxQuery {
  const s = expandTabs(q)
  let i = skip(s, 0, DEFAULT_WS)
  if (s.slice(i, i + 6).toLowerCase() !== 'create') throw queryNotImplemented()
  i = skip(s, i + 6, DEFAULT_WS)
  if (s.slice(i, i + 8).toLowerCase() !== 'database') throw queryNotImplemented()
  i = skip(s, i + 8, BEFORE_WHITE)
  const afterWhite = skip(s, i, WHITE)
  if (afterWhite === i) throw queryNotImplemented()
  i = afterWhite
  QUOTED.lastIndex = i
  const quoted = s[i] === '"' ? QUOTED.exec(s) : null
  if (quoted !== null) return { createDatabase: unquotePyparsing(quoted[1] ?? '') }
  IDENT.lastIndex = i
  const ident = IDENT.exec(s)
  if (ident === null) throw queryNotImplemented()
  return { createDatabase: ident[0] }
}

function skip(s: string, i: number, chars: string): number {
  let k = i
  while (k < s.length && chars.includes(s[k] ?? '')) k++
  return k
}
