/**
 * The operations language of `/v1/aggregates` (gnocchi-aggregates.md §3): the s-expression string
 * form and the equivalent JSON-list form both become one {@link OpNode} tree.
 *
 * ```ts
 * const ast = parseOperationsInput(body.operations)   // string or JSON list
 * const refs = requireReferences(ast)                 // [(name, aggregation)], ≥ 1
 * ```
 */
import type { OpNode } from './ast.js'
import { parseSexpr } from './parser.js'
import { toOperations } from './to-ast.js'

export type * from './ast.js'
export { CROSS_METHODS } from './ast.js'
export {
  BINARY_OPERATORS,
  BINARY_OPERATOR_SPELLINGS,
  BINARY_OP_NAMES,
  CLIP_OPERATOR,
  UNARY_OPERATORS,
  UNARY_OPERATOR_SPELLINGS,
  UNARY_OP_NAMES,
  isCrossMethod,
} from './operators.js'
export { PARSE_FAILURE_REASON } from './diagnostics.js'
export { MAX_NESTING } from './parser.js'
export { formatNumber, isPrintableToken, operationsToJson, printOperations, type OperationsJson } from './print.js'
export { NO_METRIC_CAUSE, NO_METRIC_REASON, extractReferences, requireReferences } from './references.js'

/**
 * Parses the string form, e.g. `(aggregate mean (metric (ID1 mean) (ID2 mean)))`. Only the first
 * top-level expression is read; quoted tokens keep their quotes; nodes carry source spans.
 * @throws GrammarError `INVALID_OPERATIONS` when the text is not an s-expression:
 *   `{"cause": "Invalid operations", "reason": "Fail to parse the operations string", "detail": "<where and what was expected>"}`.
 * @throws GnocchiError `INVALID_INPUT` when the expression breaks the schema (§3.4), e.g.
 *   `{"cause": "Invalid input", "reason": "'rolling' operation invalid for dictionary value @ data['operations']", "detail": ["operations"]}`.
 */
export function parseOperations(text: string): OpNode {
  const { tree, spans } = parseSexpr(text)
  return toOperations(tree, spans)
}

/**
 * Reads the JSON-list form, e.g. `["aggregate", "mean", ["metric", ["ID1", "mean"], ["ID2", "mean"]]]`.
 * Operands may be numbers, numeric strings or booleans (→ 1/0); nodes have no spans.
 * @throws GnocchiError `INVALID_INPUT` with Gnocchi's reasons (§3.4); a non-list gives
 *   `Expected a tuple/list, got a <class 'dict'> for dictionary value @ data['operations']`.
 */
export function operationsFromJson(value: unknown): OpNode {
  return toOperations(value)
}

/**
 * The `operations` member of a request body: a string is parsed ({@link parseOperations}),
 * anything else is read as the JSON form ({@link operationsFromJson}). Does not require a metric:
 * call {@link requireReferences} for that (§2.1 step 3).
 */
export function parseOperationsInput(value: unknown): OpNode {
  return typeof value === 'string' ? parseOperations(value) : operationsFromJson(value)
}
