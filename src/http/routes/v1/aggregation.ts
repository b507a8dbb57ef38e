/**
 * The deprecated cross-metric aggregation routes (gnocchi-rest.md §3.10,
 * gnocchi-aggregates.md §9): `GET|POST /v1/aggregation/metric` and
 * `POST /v1/aggregation/resource/{type}/metric/{name}`. One metric reads its stored series;
 * several are translated into `(aggregate <reagg> [(resample <agg> <g>] (metric …)))` and
 * evaluated by the `/v1/aggregates` engine with the strict overlap default.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { queryAggregates } from '../../../engine/aggregates/query.js'
import { checkQueryCost } from '../../../engine/read/query-cost.js'
import { isCalendarUnit } from '../../../engine/read/calendar.js'
import { notFoundGranularity, readMetricMeasures } from '../../../engine/read/read-series.js'
import type { ResampleTarget } from '../../../engine/read/resample.js'
import { operationsFromJson } from '../../../grammar/operations/index.js'
import type { ArchivePolicy } from '../../../model/archive-policy.js'
import { GnocchiError, badRequest, notFound } from '../../../model/errors.js'
import type { Metric } from '../../../model/metric.js'
import { PyRows } from '../../../model/python-json.js'
import { formatMeasureTimestampUs } from '../../../model/time-format.js'
import { parsePythonFloat, parseTimespanUs } from '../../../model/timespan.js'
import { authorize } from '../../policy/authorize.js'
import { metricPolicyTarget } from '../../render/metric.js'
import type { AppServices } from '../../services.js'
import { argumentError, manyParam, oneParam, parseFill, parseGranularityParam, parseTimeParam, renderPoints } from './aggregates.js'
import { AGGREGATION_ROUTES } from '../../schemas/v1/routes/aggregates.js'
import type { V1RouteOptions } from './options.js'
import { buildSearch, requestFilter, requireResourceType, type Query } from './resource-listing.js'
import { canonicalUuid } from '../../../engine/aggregates/index.js'
import { renderResource, renderedResourceKeys } from '../../render/resource.js'

/** Parsed legacy parameters. */
interface LegacyParams {
  readonly aggregation: string
  readonly reaggregation: string
  readonly granularityUs: number | null
  readonly startUs: number | null
  readonly stopUs: number | null
  readonly neededOverlap: number
  readonly fill: ReturnType<typeof parseFill>
  readonly resample: ResampleTarget | null
}

function parseLegacyParams(query: Query): LegacyParams {
  const aggregation = oneParam(query, 'aggregation') ?? 'mean'
  const granularityUs = parseGranularityParam(oneParam(query, 'granularity'))
  const overlapText = oneParam(query, 'needed_overlap')
  const neededOverlap = overlapText === undefined ? 100 : parsePythonFloat(overlapText)
  if (neededOverlap === null) throw argumentError('needed_overlap', 'Must be a number')
  const resampleText = oneParam(query, 'resample')
  let resample: ResampleTarget | null = null
  if (resampleText !== undefined) {
    if (isCalendarUnit(resampleText)) resample = { kind: 'calendar', unit: resampleText }
    else {
      try {
        resample = { kind: 'span', granularityUs: parseTimespanUs(resampleText) }
      } catch (e) {
        throw argumentError('resample', e instanceof GnocchiError && typeof e.description === 'string' ? e.description : 'Unable to parse timespan')
      }
    }
    if (granularityUs === null) throw badRequest('A granularity must be specified to resample')
  }
  return {
    aggregation,
    reaggregation: oneParam(query, 'reaggregation') ?? aggregation,
    granularityUs,
    startUs: parseTimeParam('start', oneParam(query, 'start')),
    stopUs: parseTimeParam('stop', oneParam(query, 'stop')),
    neededOverlap,
    fill: parseFill(oneParam(query, 'fill')),
    resample,
  }
}

/** The aggregated series of `metrics` as `[[ts, granularity, value], …]`. */
async function aggregateMetrics(services: AppServices, metrics: readonly Metric[], p: LegacyParams, maxPoints: number | null): Promise<unknown> {
  const { index } = services
  if (metrics.length === 0) return []
  const policies = new Map<string, ArchivePolicy>()
  for (const m of metrics) {
    const policy = await index.getArchivePolicy(m.archivePolicyName)
    if (policy !== null) policies.set(m.id, policy)
  }
  await services.measures.ensureProcessed(metrics.map((m) => m.id))
  if (metrics.length === 1) {
    const m = metrics[0]!
    const policy = policies.get(m.id)
    if (policy === undefined) return []
    const series = await readMetricMeasures(services.driver.series, m.id, policy, {
      aggregation: p.aggregation,
      granularityUs: p.granularityUs,
      startUs: p.startUs,
      stopUs: p.stopUs,
      resample: p.resample,
    })
    checkQueryCost(series, maxPoints)
    const iso: string[] = []
    const gran: (string | number)[] = []
    const values: number[] = []
    for (const s of series) {
      for (let i = 0; i < s.timestampsUs.length; i++) {
        iso.push(formatMeasureTimestampUs(s.timestampsUs[i]!))
        // A calendar resample renders its letter in the granularity column.
        gran.push(s.calendar ?? s.granularityUs / 1e6)
        values.push(s.values[i]!)
      }
    }
    return new PyRows(iso.length, [iso, gran.every((g) => typeof g === 'number') ? Float64Array.from(gran as number[]) : gran, Float64Array.from(values)])
  }
  // gnocchi-compat: 4.4.2 checks each metric's method and granularity first and answers 404
  // with the per-metric message, see gnocchi/rest/aggregates/api.py (legacy get_measures).
  for (const m of metrics) {
    const policy = policies.get(m.id)
    if (policy === undefined) continue
    const granularities = p.granularityUs === null ? policy.definition.map((d) => d.granularityUs) : [p.granularityUs]
    for (const g of granularities) {
      if (!policy.aggregationMethods.includes(p.aggregation) || !policy.definition.some((d) => d.granularityUs === g)) {
        throw notFoundGranularity(p.aggregation, g, m.id)
      }
    }
  }
  if (p.resample !== null && p.resample.kind === 'calendar') {
    throw badRequest('Calendar resampling of several metrics is not supported')
  }
  const ref = ['metric', ...metrics.map((m) => [m.id, p.aggregation])]
  const inner = p.resample === null ? ref : ['resample', p.aggregation, p.resample.granularityUs / 1e6, ref]
  let operations
  try {
    operations = operationsFromJson(['aggregate', p.reaggregation, inner])
  } catch {
    // gnocchi-compat: 4.4.2 answers 500 for an unknown reaggregation; gnocchi-rest.md §3.10 Recommended 400.
    throw argumentError('reaggregation', 'Invalid aggregation method')
  }
  const infos = new Map(
    metrics.map((m) => {
      const policy = policies.get(m.id)
      return [m.id, { id: m.id, name: m.name, granularitiesUs: policy?.definition.map((d) => d.granularityUs) ?? [], aggregationMethods: policy?.aggregationMethods ?? [] }]
    }),
  )
  const results = await queryAggregates(
    {
      operations,
      options: { startUs: p.startUs, stopUs: p.stopUs, granularityUs: p.granularityUs, neededOverlap: p.neededOverlap, fill: p.fill },
      mode: { kind: 'id', lookup: (id) => infos.get(id) },
    },
    {
      store: services.driver.series,
      timespanOf: (id, g) => policies.get(id)?.definition.find((d) => d.granularityUs === g)?.timespanUs ?? null,
      maxPoints,
    },
  )
  const measures = results[0]?.measures
  return measures?.kind === 'aggregated' ? renderPoints(measures.points) : []
}

async function metricsByIds(request: FastifyRequest, services: AppServices, raw: readonly unknown[]): Promise<Metric[]> {
  const ids: string[] = []
  raw.forEach((r, i) => {
    const id = typeof r === 'string' ? canonicalUuid(r) : null
    if (id === null) throw badRequest(`Invalid input: not a valid value @ data[${i}]`)
    ids.push(id)
  })
  const unique = [...new Set(ids)]
  const metrics = unique.length === 0 ? [] : await services.index.getMetrics(unique)
  const found = new Set(metrics.map((m) => m.id))
  const missing = unique.find((id) => !found.has(id))
  if (missing !== undefined) throw notFound(`Metric ${missing} does not exist`)
  for (const m of metrics) authorize(request.identity, 'get metric', await metricPolicyTarget(services.index, m))
  return unique.map((id) => metrics.find((m) => m.id === id)!)
}

/** Registers the legacy `/v1/aggregation/*` routes. */
export const aggregationRoutes: FastifyPluginAsync<V1RouteOptions> = async (app, { services }) => {
  // gnocchi-compat: basic mode asks who calls only to check `get metric` on each metric, so a
  // request naming none is served unauthenticated.
  app.get('/aggregation/metric', { schema: AGGREGATION_ROUTES.metricGet, config: { identityOnDemand: true } }, async (request) => {
    const query = request.query as Query
    const metrics = await metricsByIds(request, services, manyParam(query, 'metric'))
    return aggregateMetrics(services, metrics, parseLegacyParams(query), app.maxQueryPoints)
  })

  app.post('/aggregation/metric', { schema: AGGREGATION_ROUTES.metricPost, config: { optionalBody: true } }, async (request) => {
    const query = request.query as Query
    const params = parseLegacyParams(query)
    const body = request.body ?? []
    if (!Array.isArray(body)) throw badRequest('Invalid input: expected a list')
    const metrics = await metricsByIds(request, services, body)
    return aggregateMetrics(services, metrics, params, app.maxQueryPoints)
  })

  app.post<{ Params: { type: string; name: string } }>(
    '/aggregation/resource/:type/metric/:name',
    // gnocchi-compat: basic mode asks who calls only to read a filter or to check `get metric`.
    { schema: AGGREGATION_ROUTES.resource, config: { optionalBody: true, identityOnDemand: true } },
    async (request) => {
      const query = request.query as Query
      const type = await requireResourceType(services.index, request.params.type)
      const params = parseLegacyParams(query)
      const groupby = [...new Set(manyParam(query, 'groupby'))].sort()
      const search = buildSearch(request, { type, filter: requestFilter(request), rule: 'search resource' }, false)
      const known = new Set(renderedResourceKeys(type))
      known.delete('metrics')
      if (groupby.some((g) => !known.has(g))) throw badRequest('Invalid groupby attribute')
      // gnocchi-compat: the legacy search is paginated with the default max_limit, see gnocchi-rest.md §3.10.
      const views = await services.index.searchResources({
        ...search,
        limit: app.maxLimit,
        ...(groupby.length > 0 ? { sort: groupby.map((key) => ({ key, dir: 'asc' as const })) } : {}),
      })
      // gnocchi-compat: each found metric is checked with `get metric` (403 on another's), see
      // gnocchi/rest/api.py AggregationController.get_cross_metric_measures_from_objs.
      const pick = async (vs: typeof views): Promise<Metric[]> => {
        const metrics = vs
          .flatMap((v) => v.metrics.filter((m) => m.name === request.params.name))
          .filter((m, i, all) => all.findIndex((x) => x.id === m.id) === i)
        for (const m of metrics) authorize(request.identity, 'get metric', await metricPolicyTarget(services.index, m))
        return metrics
      }
      if (groupby.length === 0) return aggregateMetrics(services, await pick(views), params, app.maxQueryPoints)
      const out: unknown[] = []
      let i = 0
      while (i < views.length) {
        const json = renderResource(views[i]!.resource, [], type)
        const key = JSON.stringify(groupby.map((g) => json[g]))
        let j = i
        while (j < views.length && JSON.stringify(groupby.map((g) => renderResource(views[j]!.resource, [], type)[g])) === key) j++
        const group: Record<string, unknown> = {}
        for (const g of groupby) group[g] = json[g] ?? null
        out.push({ group, measures: await aggregateMetrics(services, await pick(views.slice(i, j)), params, app.maxQueryPoints) })
        i = j
      }
      return out
    },
  )

  // gnocchi-compat: without a metric name pecan finds the controller but no POST handler, so
  // 4.4.2 answers 405 (no Allow header), not 404, whoever calls (nothing authenticates).
  app.post('/aggregation/resource/:type/metric', { schema: AGGREGATION_ROUTES.resourceWithoutName, config: { optionalBody: true, public: true } }, async () => {
    throw new GnocchiError('METHOD_NOT_ALLOWED', '')
  })
}

