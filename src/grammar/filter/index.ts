/**
 * The resource search filter language (gnocchi-aggregates.md §7): the string form, the JSON
 * form, and printers back to both. Every entry point returns or takes the one {@link FilterNode} AST.
 */
import type { FilterNode } from './ast.js'
import { lexingError, parsingError } from './diagnostics.js'
import { filterParser } from './parser.js'
import { rawToAst } from './to-ast.js'
import { filterLexer } from './tokens.js'

export type * from './ast.js'
export { filterFromJson } from './from-json.js'
export { printFilterJson, printFilterString, type FilterJson } from './print.js'

/**
 * Parses the string form (`flavor = 'small' and cores >= 4`).
 *
 * The empty string is no filter at all (matches everything), as an empty `filter` query
 * parameter is in Gnocchi.
 * @throws GrammarError `INVALID_FILTER` (`Invalid filter: …`) on a syntax error.
 * @throws GnocchiError `Invalid input` when the translation fails the JSON schema
 *   (`2 < cores`, `flavor in []`, `id like 'x'`).
 */
export function parseFilter(text: string): FilterNode {
  if (text === '') return { kind: 'all' }
  const lexed = filterLexer.tokenize(text)
  if (lexed.errors.length > 0) throw lexingError(text, lexed.errors[0])
  const raw = filterParser.parse(text, lexed.tokens)
  if (filterParser.errors.length > 0) {
    throw parsingError(text, lexed.tokens, filterParser.errors[0])
  }
  return rawToAst(raw)
}
export { pyRepr, pyStr, schemaError, valueError, type PathElement } from './schema-errors.js'
