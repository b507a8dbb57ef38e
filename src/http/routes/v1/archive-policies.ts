/**
 * Archive policies, `/v1/archive_policy` (gnocchi-rest.md §3.2). Validation and normalisation
 * live in `engine/archive-policy`; this module checks policy, stores and renders.
 */
import type { FastifyPluginAsync } from 'fastify'
import { buildArchivePolicy, renderArchivePolicy, updateArchivePolicy } from '../../../engine/archive-policy/index.js'
import { notFound } from '../../../model/errors.js'
import { authorize } from '../../policy/authorize.js'
import { ARCHIVE_POLICY_ROUTES } from '../../schemas/v1/routes/archive-policies.js'
import type { V1RouteOptions } from './options.js'

interface NameParams {
  readonly name: string
}

/** The 404 of an unknown policy. */
const unknownPolicy = (name: string): Error => notFound(`Archive policy ${name} does not exist`)

/** Registers the archive policy routes under `/v1`. */
export const archivePolicyRoutes: FastifyPluginAsync<V1RouteOptions> = async (app, { services }) => {
  const { index } = services

  app.get('/archive_policy', { schema: ARCHIVE_POLICY_ROUTES.list }, async (request) => {
    authorize(request.identity, 'list archive policy')
    return (await index.listArchivePolicies()).map(renderArchivePolicy)
  })

  app.post('/archive_policy', { schema: ARCHIVE_POLICY_ROUTES.create }, async (request, reply) => {
    // gnocchi-compat: authorization comes before body validation (base.yaml "post archive policy no auth").
    authorize(request.identity, 'create archive policy')
    const created = await index.createArchivePolicy(buildArchivePolicy(request.body))
    return reply
      .code(201)
      .header('location', request.apiUrl(`/v1/archive_policy/${encodeURIComponent(created.name)}`))
      .send(renderArchivePolicy(created))
  })

  app.get<{ Params: NameParams }>('/archive_policy/:name', { schema: ARCHIVE_POLICY_ROUTES.get }, async (request) => {
    authorize(request.identity, 'get archive policy')
    const policy = await index.getArchivePolicy(request.params.name)
    if (policy === null) throw unknownPolicy(request.params.name)
    return renderArchivePolicy(policy)
  })

  app.patch<{ Params: NameParams }>('/archive_policy/:name', { schema: ARCHIVE_POLICY_ROUTES.update }, async (request) => {
    authorize(request.identity, 'update archive policy')
    const existing = await index.getArchivePolicy(request.params.name)
    if (existing === null) throw unknownPolicy(request.params.name)
    return renderArchivePolicy(await index.updateArchivePolicy(updateArchivePolicy(existing, request.body)))
  })

  app.delete<{ Params: NameParams }>('/archive_policy/:name', { schema: ARCHIVE_POLICY_ROUTES.delete }, async (request, reply) => {
    authorize(request.identity, 'delete archive policy')
    await index.deleteArchivePolicy(request.params.name)
    return reply.code(204).send()
  })
}
