/**
 * Prometheus remote write (gnocchi-rest.md §3.13): `POST /prometheus/write`, a snappy-compressed
 * protobuf `WriteRequest`, stored as one `prometheus` resource per `(job, instance)`.
 */
import type { FastifyPluginAsync } from 'fastify'
import { isGnocchiError } from '../../../model/errors.js'
import type { ResourceType } from '../../../model/resource.js'
import type { IndexStore } from '../../../storage/types.js'
import { PROMETHEUS_RESOURCE_TYPE, decodeRemoteWrite, prometheusToMeasures } from '../../formats/index.js'
import type { Identity } from '../../policy/identity.js'
import { authorize } from '../../policy/authorize.js'
import { PUSH_ROUTES } from '../../schemas/v1/routes/service.js'
import type { V1RouteOptions } from './options.js'
import { acceptRawBodies, rawBody } from './push-body.js'
import { ingestPushed } from './push-ingest.js'

/**
 * The `prometheus` resource type, created on first use (`create resource type` is checked only
 * then, as in Gnocchi's get_or_create_resource_and_metrics).
 */
async function prometheusType(index: IndexStore, identity: Identity): Promise<ResourceType> {
  const existing = await index.getResourceType(PROMETHEUS_RESOURCE_TYPE.name)
  if (existing !== null) return existing
  authorize(identity, 'create resource type', {
    name: PROMETHEUS_RESOURCE_TYPE.name,
    state: 'creating',
    attributes: PROMETHEUS_RESOURCE_TYPE.attributes,
  })
  try {
    return await index.createResourceType({ ...PROMETHEUS_RESOURCE_TYPE, state: 'active' })
  } catch (e) {
    if (!(isGnocchiError(e) && e.code === 'CONFLICT')) throw e
    const raced = await index.getResourceType(PROMETHEUS_RESOURCE_TYPE.name)
    if (raced === null) throw e
    return raced
  }
}

/** Registers `POST /prometheus/write`. */
export const prometheusRoutes: FastifyPluginAsync<V1RouteOptions> = async (app, { services }) => {
  acceptRawBodies(app)
  // Content-Type and Content-Encoding are not checked, as in Gnocchi.
  app.post('/prometheus/write', { schema: PUSH_ROUTES.prometheusWrite, config: { mediaType: 'any', optionalBody: true } }, async (request, reply) => {
    // Validated whole before the index is touched, as Gnocchi does.
    const measures = prometheusToMeasures(decodeRemoteWrite(rawBody(request)))
    if (measures.size > 0) {
      const type = await prometheusType(services.index, request.identity)
      await ingestPushed(
        request,
        services,
        type,
        Array.from(measures, ([originalId, r]) => ({ originalId, attributes: r.attributes, metrics: r.metrics })),
      )
    }
    return reply.code(202).send()
  })
}
