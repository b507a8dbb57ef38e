/**
 * Resource search, `POST /v1/search/resource/{type}` (gnocchi-rest.md §3.9): the filter comes
 * from the JSON body when there is one, else from the `filter` query parameter (string form),
 * else there is none; it is AND-ed with the caller's policy row filter.
 */
import type { FastifyPluginAsync } from 'fastify'
import { GnocchiError } from '../../../model/errors.js'
import { SEARCH_RESOURCE_ROUTES } from '../../schemas/v1/routes/resources.js'
import type { V1RouteOptions } from './options.js'
import { answerResourceQuery, requestFilter, requireResourceType } from './resource-listing.js'

interface TypeParams {
  readonly type: string
}

/** Registers `POST /v1/search/resource/{type}`. */
export const searchResourceRoutes: FastifyPluginAsync<V1RouteOptions> = async (app, { services }) => {
  const { index } = services
  app.post<{ Params: TypeParams }>(
    '/search/resource/:type',
    // gnocchi-compat: basic mode asks who calls only to read a filter (body or `filter`).
    { schema: SEARCH_RESOURCE_ROUTES.search, config: { optionalBody: true, identityOnDemand: true } },
    async (request, reply) => {
      const type = await requireResourceType(index, request.params.type)
      const filter = requestFilter(request)
      return answerResourceQuery(request, reply, index, app.maxLimit, { type, filter, rule: 'search resource' })
    },
  )

  // gnocchi-compat: the type is looked up before the method is dispatched, so a GET on an
  // unknown type is a 404 and on a known one a 405, whoever calls (nothing authenticates), see
  // gnocchi/rest/api.py SearchResourceController._lookup.
  app.get<{ Params: TypeParams }>('/search/resource/:type', { schema: SEARCH_RESOURCE_ROUTES.searchGet, config: { public: true } }, async (request, reply) => {
    await requireResourceType(index, request.params.type)
    reply.header('allow', 'POST')
    throw new GnocchiError('METHOD_NOT_ALLOWED', '')
  })
}
