/**
 * `GET /v1/capabilities` (gnocchi-rest.md §3.11): the valid archive-policy aggregation methods.
 * Public, as in Gnocchi.
 */
import type { FastifyPluginAsync } from 'fastify'
import { VALID_AGGREGATION_METHODS } from '../../../engine/archive-policy/index.js'
import { SERVICE_ROUTES } from '../../schemas/v1/routes/service.js'
import type { V1RouteOptions } from './options.js'

/** Registers `GET /v1/capabilities`. */
export const capabilitiesRoutes: FastifyPluginAsync<V1RouteOptions> = async (app) => {
  const body = { aggregation_methods: [...VALID_AGGREGATION_METHODS] }
  app.get('/capabilities', { schema: SERVICE_ROUTES.capabilities, config: { public: true } }, async () => body)
}
