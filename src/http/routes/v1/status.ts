/**
 * `GET /v1/status` (gnocchi-rest.md §3.11): the backlog of unprocessed measures and the
 * processing daemons, in Gnocchi's shape.
 *
 * Polenta has no metricd: every API process drains the incoming queues itself, right after
 * acknowledging a write and on start-up (architecture.md §2). The `metricd` block therefore
 * lists this API process as the one processor, with statistics saying so.
 */
import { hostname } from 'node:os'
import type { FastifyPluginAsync } from 'fastify'
import { GnocchiError } from '../../../model/errors.js'
import { authorize } from '../../policy/authorize.js'
import { parseBoolParam } from '../../util/bool-param.js'
import { SERVICE_ROUTES } from '../../schemas/v1/routes/service.js'
import type { V1RouteOptions } from './options.js'

/** This process's member id in the `metricd` block: `polenta.<host>.<pid>`. */
export const PROCESSOR_ID = `polenta.${hostname()}.${process.pid}`

/** What `statistics` publishes for this process (Gnocchi publishes each daemon's capabilities). */
export const PROCESSOR_STATISTICS = Object.freeze({ processing: 'in-process', pid: process.pid })

/** Gnocchi's 503 description when the backends cannot be read. */
export const STATUS_UNAVAILABLE = 'Unable to generate status. Please retry.'

interface StatusQuery {
  readonly details?: string | string[]
}

/** Registers `GET /v1/status`. */
export const statusRoutes: FastifyPluginAsync<V1RouteOptions> = async (app, { services }) => {
  const series = services.driver.series

  app.get<{ Querystring: StatusQuery }>('/status', { schema: SERVICE_ROUTES.status }, async (request) => {
    authorize(request.identity, 'get status')
    const details = parseBoolParam('details', request.query.details, true)
    try {
      const summary = await series.incomingBacklog()
      const storage: Record<string, unknown> = { summary: { metrics: summary.metrics, measures: summary.measures } }
      if (details) {
        const ids = await series.metricsWithIncoming()
        const counts = await Promise.all(ids.map(async (id) => (await series.readIncoming(id)).length))
        const toProcess: Record<string, number> = {}
        ids.forEach((id, i) => {
          // A metric processed between the two reads has nothing left to report.
          if ((counts[i] ?? 0) > 0) toProcess[id] = counts[i] ?? 0
        })
        storage.measures_to_process = toProcess
      }
      return {
        storage,
        metricd: { processors: [PROCESSOR_ID], statistics: { [PROCESSOR_ID]: PROCESSOR_STATISTICS } },
      }
    } catch (err) {
      request.log.error({ err }, 'status: storage unavailable')
      throw new GnocchiError('UNAVAILABLE', STATUS_UNAVAILABLE, { cause: err })
    }
  })
}
