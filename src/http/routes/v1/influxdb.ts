/**
 * InfluxDB compatibility (gnocchi-rest.md §3.12): `GET|HEAD /influxdb/ping`,
 * `POST /influxdb/query` (only `CREATE DATABASE`), `POST /influxdb/write` (line protocol).
 */
import type { FastifyPluginAsync } from 'fastify'
import { isGnocchiError, notFound } from '../../../model/errors.js'
import { DEFAULT_INFLUX_DB, DEFAULT_INFLUX_RESOURCE_ID_TAG, influxWriteToMeasures, parseInfluxQuery } from '../../formats/index.js'
import { authorize } from '../../policy/authorize.js'
import { PUSH_ROUTES } from '../../schemas/v1/routes/service.js'
import type { V1RouteOptions } from './options.js'
import { acceptRawBodies, queryParam, rawBody } from './push-body.js'
import { ingestPushed } from './push-ingest.js'

/** `X-Influxdb-Version` of the ping answer. */
export const INFLUXDB_VERSION_HEADER = 'Gnocchi 4.4.2'

/** Registers the `/influxdb/*` routes. */
export const influxdbRoutes: FastifyPluginAsync<V1RouteOptions> = async (app, { services }) => {
  const { index } = services
  acceptRawBodies(app)

  // gnocchi-compat: the ping never authenticates (its handler checks no rule).
  app.route({
    method: ['GET', 'HEAD'],
    url: '/influxdb/ping',
    schema: PUSH_ROUTES.influxPing,
    config: { public: true },
    handler: async (_request, reply) => reply.code(204).header('x-influxdb-version', INFLUXDB_VERSION_HEADER).send(),
  })

  // gnocchi-compat: basic mode asks who calls only for a query (`create resource type`).
  app.post('/influxdb/query', { schema: PUSH_ROUTES.influxQuery, config: { mediaType: 'any', optionalBody: true, identityOnDemand: true } }, async (request, reply) => {
    const q = queryParam(request, 'q')
    if (q !== undefined) {
      const name = parseInfluxQuery(q).createDatabase
      authorize(request.identity, 'create resource type', { name })
      if ((await index.getResourceType(name)) === null) {
        try {
          await index.createResourceType({ name, state: 'active', attributes: {} })
        } catch (e) {
          // Created meanwhile by another request: that is the wanted outcome.
          if (!(isGnocchiError(e) && e.code === 'CONFLICT')) throw e
        }
      }
    }
    return reply.code(204).send()
  })

  app.post('/influxdb/write', { schema: PUSH_ROUTES.influxWrite, config: { mediaType: 'any', optionalBody: true } }, async (request, reply) => {
    const db = queryParam(request, 'db') ?? DEFAULT_INFLUX_DB
    const tag = request.headers['x-gnocchi-influxdb-tag-resource-id']
    // gnocchi-compat: a chunked body is read whole (Gnocchi without uWSGI answers 501), see
    // gnocchi/rest/influxdb.py _write_get_lines; "now" is taken once per request.
    const measures = influxWriteToMeasures(rawBody(request), {
      resourceIdTag: typeof tag === 'string' ? tag : DEFAULT_INFLUX_RESOURCE_ID_TAG,
      nowUs: Date.now() * 1000,
    })
    if (measures.size > 0) {
      const type = await index.getResourceType(db)
      // gnocchi-compat: 4.4.2 retries then answers 500 for an unknown `db`; we answer the
      // recommended 404 (gnocchi-rest.md §3.12).
      if (type === null) throw notFound(`Resource type ${db} does not exist`)
      await ingestPushed(
        request,
        services,
        type,
        Array.from(measures, ([originalId, metrics]) => ({ originalId, attributes: {}, metrics })),
      )
    }
    return reply.code(204).send()
  })
}
