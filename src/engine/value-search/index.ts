/**
 * The deprecated metric value search (gnocchi-rest.md §3.9): predicate evaluation and the
 * batched read that applies it.
 */
export { compileValuePredicate, type ValueTest } from './compile-predicate.js'
export { searchValues, type ValueSearchOptions, type ValueSearchResult, type ValueSearchTarget } from './search-values.js'
