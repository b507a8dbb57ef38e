/**
 * The value predicate of `POST /v1/search/metric` (gnocchi-rest.md §3.9): its AST and the JSON
 * reader with Gnocchi's schema errors. Evaluation belongs to the engine (`engine/value-search`).
 */
export type * from './ast.js'
export { valuePredicateFromJson } from './from-json.js'
