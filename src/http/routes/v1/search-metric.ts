/**
 * The deprecated metric value search, `POST /v1/search/metric` (gnocchi-rest.md §3.9): the
 * points of the `metric_id` metrics whose stored value passes the predicate in the body, as
 * `{"<metric id>": [[timestamp, granularity, value], …]}`. Checks run in Gnocchi's order
 * (gnocchi/rest/api.py `SearchMetricController.post`): metrics and `search metric` policy, body,
 * predicate schema, `start`/`stop`, predicate operators, granularities, then storage.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { canonicalUuid } from '../../../engine/aggregates/index.js'
import { compileValuePredicate, searchValues, type ValueSearchTarget } from '../../../engine/value-search/index.js'
import { valuePredicateFromJson } from '../../../grammar/value-predicate/index.js'
import type { ArchivePolicy } from '../../../model/archive-policy.js'
import { GnocchiError, badRequest } from '../../../model/errors.js'
import type { Metric } from '../../../model/metric.js'
import { pyFloat } from '../../../model/python-json.js'
import { parseTimestampUs } from '../../../model/timestamp.js'
import { authorize } from '../../policy/authorize.js'
import { metricPolicyTarget, renderMetricList } from '../../render/metric.js'
import type { AppServices } from '../../services.js'
import { argumentError, manyParam, oneParam, parseGranularityParam, renderPoints } from './aggregates.js'
import { policyOfMetric } from './measures.js'
import { SEARCH_METRIC_ROUTES } from '../../schemas/v1/routes/metrics.js'
import type { V1RouteOptions } from './options.js'
import type { Query } from './resource-listing.js'

/**
 * The metrics named by `metric_id`, ordered by id as Gnocchi's indexer lists them; unknown ids
 * are skipped.
 * gnocchi-compat: 4.4.2 answers 500 without `metric_id` or for a value that is not a UUID;
 * gnocchi-rest.md §4 Recommended 400.
 */
async function requestedMetrics(services: AppServices, query: Query): Promise<Metric[]> {
  const raw = manyParam(query, 'metric_id')
  if (raw.length === 0) throw argumentError('metric_id', 'Missing argument')
  const ids = raw.map((r) => {
    const id = canonicalUuid(r)
    if (id === null) throw argumentError('metric_id', 'Must be a UUID')
    return id
  })
  const metrics = await services.index.getMetrics([...new Set(ids)])
  return [...metrics].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/** `start`/`stop`, with this route's own plain messages. */
function searchTime(query: Query, name: 'start' | 'stop'): number | null {
  const raw = oneParam(query, name)
  if (raw === undefined) return null
  try {
    return parseTimestampUs(raw)
  } catch {
    throw badRequest(`Invalid value for ${name}`)
  }
}

/** The requested granularities (µs), distinct, descending; null when none was given. */
function requestedGranularities(query: Query): number[] | null {
  const raw = manyParam(query, 'granularity')
  if (raw.length === 0) return null
  return [...new Set(raw.map((g) => parseGranularityParam(g)!))].sort((a, b) => b - a)
}

/** 400 `Aggregation does not exist` (storage.AggregationDoesNotExist.jsonify()). */
function aggregationDoesNotExist(granularityUs: number, aggregation: string): GnocchiError {
  return new GnocchiError('INVALID_INPUT', {
    cause: 'Aggregation does not exist',
    detail: { granularity: pyFloat(granularityUs / 1e6), aggregation_method: aggregation },
  })
}

/**
 * What to read for one metric: the requested granularities, else all of its policy's, descending.
 * Deviation: 4.4.2 applies the *first* metric's granularities to every metric when none is
 * requested (a loop variable left set), so metrics of different policies answer 400; we follow
 * the intent documented in gnocchi-rest.md §3.9.
 */
function targetOf(metric: Metric, policy: ArchivePolicy, requested: readonly number[] | null, aggregation: string): ValueSearchTarget {
  const defs = [...policy.definition].sort((a, b) => b.granularityUs - a.granularityUs)
  const granularities = (requested ?? defs.map((d) => d.granularityUs)).map((g) => {
    const def = defs.find((d) => d.granularityUs === g)
    if (def === undefined) throw aggregationDoesNotExist(g, aggregation)
    return { granularityUs: g, timespanUs: def.timespanUs }
  })
  return { metricId: metric.id, granularities }
}

/**
 * 400 `Metric does not exist` with the metric's JSON for the first metric (by id) that has never
 * been processed or lacks the method.
 * gnocchi-compat: 4.4.2 finds out from storage (no directory for that method), so a method the
 * policy does not have reports the metric, not the aggregation, see gnocchi/storage/file.py
 * `_list_split_keys_unbatched`.
 */
async function requireStoredSeries(services: AppServices, metrics: readonly Metric[], policies: ReadonlyMap<string, ArchivePolicy>, aggregation: string): Promise<void> {
  for (const m of metrics) {
    const stored = policies.get(m.id)!.aggregationMethods.includes(aggregation) && (await services.driver.series.readRawBuffer(m.id)) !== null
    if (stored) continue
    const [json] = await renderMetricList(services.index, [m])
    throw new GnocchiError('INVALID_INPUT', { cause: 'Metric does not exist', detail: { metric: json } })
  }
}

/** Answers one `POST /v1/search/metric`. */
async function answerSearch(request: FastifyRequest, services: AppServices, maxPoints: number | null): Promise<Record<string, unknown>> {
  const query = request.query as Query
  const metrics = await requestedMetrics(services, query)
  for (const m of metrics) authorize(request.identity, 'search metric', await metricPolicyTarget(services.index, m))
  if (request.body === undefined) throw badRequest('No query specified in body')
  const predicate = valuePredicateFromJson(request.body)
  const startUs = searchTime(query, 'start')
  const stopUs = searchTime(query, 'stop')
  const test = compileValuePredicate(predicate)
  const requested = requestedGranularities(query)
  const aggregation = oneParam(query, 'aggregation') ?? 'mean'
  const policies = new Map<string, ArchivePolicy>()
  for (const m of metrics) policies.set(m.id, await policyOfMetric(services.index, m))
  const targets = metrics.map((m) => targetOf(m, policies.get(m.id)!, requested, aggregation))
  // Read-after-write: pending measures are processed before the search reads.
  await services.measures.ensureProcessed(metrics.map((m) => m.id))
  await requireStoredSeries(services, metrics, policies, aggregation)
  const results = await searchValues(services.driver.series, targets, { aggregation, startUs, stopUs, maxPoints }, test)
  const out: Record<string, unknown> = {}
  for (const r of results) out[r.metricId] = renderPoints(r.points)
  return out
}

/** Registers `POST /v1/search/metric`. */
export const searchMetricRoutes: FastifyPluginAsync<V1RouteOptions> = async (app, { services }) => {
  app.post(
    '/search/metric',
    // An absent body is this route's own 400, after the policy checks. In basic mode Gnocchi asks
    // who calls only to check `search metric` on the metrics found.
    { schema: SEARCH_METRIC_ROUTES.search, config: { optionalBody: true, identityOnDemand: true } },
    async (request) => answerSearch(request, services, app.maxQueryPoints),
  )
}
