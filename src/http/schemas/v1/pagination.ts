/**
 * The pagination query parameters of listings (gnocchi-rest.md §1.9), documented once.
 * `util/pagination.ts` parses them, with Gnocchi's messages.
 */
import type { JsonSchema } from '../json-schema.js'
import { queryParam } from '../parameters.js'

/** `limit`, `marker` and `sort`. */
export const PAGINATION_PARAMS: Readonly<Record<string, JsonSchema>> = {
  limit: queryParam({ description: 'Page size, an integer ≥ 1; default and maximum `POLENTA_MAX_LIMIT` (1000).', examples: ['100'] }),
  marker: queryParam('Id of the last item of the previous page (from the `Link` header).'),
  sort: queryParam({ description: '`key[:direction]`, direction `asc`, `desc`, `asc-nullsfirst`, … ; default ascending.', examples: ['started_at:desc'] }, true),
}
