/**
 * The `/v1` route table: every module registered explicitly (no autoload), each an
 * encapsulated plugin receiving the shared services.
 */
import type { FastifyPluginAsync } from 'fastify'
import type { AppServices } from '../../services.js'

/** Options every `/v1` route module receives. */
export interface V1RouteOptions {
  readonly services: AppServices
}

/** Registers every `/v1` route module under the current prefix. */
export const v1Routes: FastifyPluginAsync<V1RouteOptions> = async (app, options) => {
  void app
  void options
}
