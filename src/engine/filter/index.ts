/**
 * Search filter evaluation (gnocchi-aggregates.md §7.2): a {@link FilterNode} compiled into a
 * predicate over resource revisions plus secondary-index hints.
 */
export { compileResourceFilter, type CompiledFilter, type FilterContext, type FilterHints } from './compile.js'
export { likeToRegExp } from './sql-like.js'
