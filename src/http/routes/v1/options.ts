/**
 * Options every `/v1` route module receives (kept apart from the route table so that modules
 * do not import the table that imports them).
 */
import type { AppServices } from '../../services.js'

/** Options every `/v1` route module receives. */
export interface V1RouteOptions {
  readonly services: AppServices
}
