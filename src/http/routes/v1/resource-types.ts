/**
 * Resource types, `/v1/resource_type` (gnocchi-rest.md §3.7): list, create, read, JSON-patch
 * attributes (with `options.fill` written into every existing revision) and delete.
 */
import type { FastifyPluginAsync } from 'fastify'
import { notFound } from '../../../model/errors.js'
import { authorize } from '../../policy/authorize.js'
import { parsePatchedAttributes, parseResourceTypeBody, renderResourceType } from '../../schemas/v1/resource-type.js'
import { applyResourceTypePatch, parseResourceTypePatch } from '../../schemas/v1/resource-type-patch.js'
import { RESOURCE_TYPE_ROUTES } from '../../schemas/v1/routes/resource-types.js'
import type { V1RouteOptions } from './options.js'

interface NameParams {
  readonly name: string
}

/** Registers the resource type routes under `/v1`. */
export const resourceTypeRoutes: FastifyPluginAsync<V1RouteOptions> = async (app, { services }) => {
  const { index } = services

  app.get('/resource_type', { schema: RESOURCE_TYPE_ROUTES.list }, async (request) => {
    authorize(request.identity, 'list resource type')
    return (await index.listResourceTypes()).map(renderResourceType)
  })

  app.post('/resource_type', { schema: RESOURCE_TYPE_ROUTES.create }, async (request, reply) => {
    authorize(request.identity, 'create resource type')
    const created = await index.createResourceType(parseResourceTypeBody(request.body))
    return reply
      .code(201)
      .header('location', request.apiUrl(`/v1/resource_type/${encodeURIComponent(created.name)}`))
      .send(renderResourceType(created))
  })

  app.get<{ Params: NameParams }>('/resource_type/:name', { schema: RESOURCE_TYPE_ROUTES.get }, async (request) => {
    authorize(request.identity, 'get resource type')
    const type = await index.getResourceType(request.params.name)
    if (type === null) throw notFound(`Resource type ${request.params.name} does not exist`)
    return renderResourceType(type)
  })

  app.patch<{ Params: NameParams }>(
    '/resource_type/:name',
    { schema: RESOURCE_TYPE_ROUTES.patch, config: { mediaType: 'application/json-patch+json' } },
    async (request) => {
      authorize(request.identity, 'update resource type')
      const { name } = request.params
      const current = await index.getResourceType(name)
      if (current === null) throw notFound(`Resource type ${name} does not exist`)
      const ops = parseResourceTypePatch(request.body)
      const before = renderResourceType(current)
      const after = applyResourceTypePatch({ ...before }, ops)
      const nextAttributes = after.attributes
      const nextNames = nextAttributes !== null && typeof nextAttributes === 'object' ? Object.keys(nextAttributes) : []
      const added = nextNames.filter((n) => !(n in before.attributes))
      const add = parsePatchedAttributes(nextAttributes, added)
      const remove = Object.keys(before.attributes).filter((n) => !nextNames.includes(n))
      // gnocchi-compat: a patch that neither adds nor removes a name (e.g. redefining an existing
      // attribute) returns the type unchanged, see gnocchi/rest/api.py ResourceTypeController.patch.
      if (add.length === 0 && remove.length === 0) return before
      return renderResourceType(await index.updateResourceTypeAttributes(name, { add, remove }))
    },
  )

  app.delete<{ Params: NameParams }>('/resource_type/:name', { schema: RESOURCE_TYPE_ROUTES.delete }, async (request, reply) => {
    authorize(request.identity, 'delete resource type')
    await index.deleteResourceType(request.params.name)
    return reply.code(204).send()
  })
}
