/**
 * The in-process index: `openIndexStore` over any `IndexPersistence`, the memory persistence,
 * and the pagination helpers the http layer shares (sort parsing, markers).
 */
export { openIndexStore, type IndexStoreOptions } from './index-store.js'
export { MemoryIndexBackend, MemoryIndexPersistence, createMemoryIndexPersistence } from './memory-persistence.js'
export { formatSortSpec, invalidMarker, invalidPagination, isSortDirection, parseSortParams, resourceMarker } from './pagination.js'
