/**
 * Measures of one metric (gnocchi-rest.md §3.5): `POST`/`GET /v1/metric/{id}/measures` and the
 * same under `/v1/resource/{type}/{id}/metric/{name}/measures`. Writes are acknowledged once
 * durable (202); reads first wait for the metric's pending processing (read-after-write).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { isCalendarUnit } from '../../../engine/read/calendar.js'
import { checkQueryCost } from '../../../engine/read/query-cost.js'
import { type MeasuresQuery, readMetricMeasures } from '../../../engine/read/read-series.js'
import type { ResampleTarget } from '../../../engine/read/resample.js'
import { parseMetricId } from '../../../engine/resource-id.js'
import type { ArchivePolicy } from '../../../model/archive-policy.js'
import { GnocchiError, invalidInput, isGnocchiError, notFound } from '../../../model/errors.js'
import type { Metric } from '../../../model/metric.js'
import { PyRows } from '../../../model/python-json.js'
import { formatMeasureTimestampUs } from '../../../model/time-format.js'
import { parseTimespanUs } from '../../../model/timespan.js'
import { parseTimestampListUs, parseTimestampUs } from '../../../model/timestamp.js'
import type { IndexStore, MeasureBatch } from '../../../storage/types.js'
import { authorize } from '../../policy/authorize.js'
import type { PolicyRuleName } from '../../policy/rules.js'
import { metricPolicyTarget } from '../../render/metric.js'
import { parseBoolParam } from '../../util/bool-param.js'
import { MEASURE_ROUTES } from '../../schemas/v1/routes/metrics.js'
import type { V1RouteOptions } from './options.js'
import { requirePathResource } from './resource-listing.js'

type QueryValue = string | readonly string[] | undefined
type Query = Readonly<Record<string, QueryValue>>

const last = (v: QueryValue): string | undefined => (v === undefined ? undefined : typeof v === 'string' ? v : v[v.length - 1])

const badFormat = (): GnocchiError => invalidInput('unexpected measures format')
const badValue = (): GnocchiError => invalidInput('unexpected measures value')

/** Python `float()` of a JSON value: numbers, booleans and numeric strings. */
function measureValue(v: unknown): number {
  if (typeof v === 'number') return v
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'string') {
    const t = v.trim().replace(/_/g, '').toLowerCase()
    if (/^[+-]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity
    if (/^[+-]?nan$/.test(t)) return NaN
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return Number(t)
  }
  throw badValue()
}

/**
 * Validates a measures body (a list of `{timestamp, value}`) into a columnar batch.
 * gnocchi-compat: `{}` is accepted as an empty list, see gnocchi/rest/api.py MeasuresListSchema.
 * @throws GnocchiError 400 `unexpected measures format` / `unexpected timestamp '…'` / `unexpected measures value`.
 */
export function parseMeasuresBody(body: unknown): MeasureBatch {
  let items: readonly unknown[]
  if (Array.isArray(body)) items = body
  else if (typeof body === 'object' && body !== null && Object.keys(body).length === 0) items = []
  else throw badFormat()
  const rawTimes: unknown[] = []
  for (const item of items) {
    // Recommended: an item without `timestamp` is a format error (4.4.2 answers 500).
    if (typeof item !== 'object' || item === null || Array.isArray(item) || !('timestamp' in item)) throw badFormat()
    rawTimes.push((item as { timestamp: unknown }).timestamp)
  }
  let times: number[]
  try {
    times = parseTimestampListUs(rawTimes)
  } catch (err) {
    if (isGnocchiError(err)) throw invalidInput(`unexpected timestamp '${err.message}'`)
    throw err
  }
  const values = new Float64Array(items.length)
  items.forEach((item, i) => {
    values[i] = measureValue((item as { value?: unknown }).value)
  })
  return { timesUs: Float64Array.from(times), values }
}

/** The parsed `GET …/measures` query. */
export function parseMeasuresQuery(query: Query): MeasuresQuery & { readonly refresh: boolean } {
  const granularityText = last(query.granularity)
  let granularityUs: number | null = null
  if (granularityText !== undefined) {
    try {
      granularityUs = parseTimespanUs(granularityText)
    } catch (err) {
      if (!isGnocchiError(err)) throw err
      throw new GnocchiError('INVALID_INPUT', { cause: 'Argument value error', detail: 'granularity', reason: err.message })
    }
  }
  const time = (name: string): number | null => {
    const t = last(query[name])
    return t === undefined ? null : parseTimestampUs(t)
  }
  const resampleText = last(query.resample)
  let resample: ResampleTarget | null = null
  if (resampleText !== undefined) {
    resample = isCalendarUnit(resampleText)
      ? { kind: 'calendar', unit: resampleText }
      : { kind: 'span', granularityUs: parseTimespanUs(resampleText) }
  }
  return {
    aggregation: last(query.aggregation) ?? 'mean',
    granularityUs,
    startUs: time('start'),
    stopUs: time('stop'),
    resample,
    refresh: parseBoolParam('refresh', query.refresh),
  }
}

/** The policy of a metric; a metric always has one (policies in use cannot be deleted). */
export async function policyOfMetric(index: IndexStore, metric: Metric): Promise<ArchivePolicy> {
  const policy = await index.getArchivePolicy(metric.archivePolicyName)
  if (policy === null) throw notFound(`Archive policy ${metric.archivePolicyName} does not exist`)
  return policy
}

interface ResourceMetricParams {
  readonly type: string
  readonly id: string
  readonly name: string
}

/** Registers the measures routes under `/v1`. */
export const measureRoutes: FastifyPluginAsync<V1RouteOptions> = async (app, { services }) => {
  const { index, driver, measures } = services

  async function byId(raw: string): Promise<Metric> {
    const id = parseMetricId(raw)
    const metric = id === null ? null : await index.getMetric(id)
    if (metric === null) throw notFound(`Metric ${raw} does not exist`)
    return metric
  }

  async function byName(request: FastifyRequest<{ Params: ResourceMetricParams }>): Promise<Metric> {
    const { view } = await requirePathResource(index, request.params.type, request.params.id, request.identity.creator)
    const metric = await index.getResourceMetric(view.resource.id, request.params.name)
    if (metric === null) throw notFound(`Metric ${request.params.name} does not exist`)
    return metric
  }

  async function check(request: FastifyRequest, rule: PolicyRuleName, metric: Metric): Promise<void> {
    authorize(request.identity, rule, await metricPolicyTarget(index, metric))
  }

  async function post(request: FastifyRequest, metric: Metric): Promise<void> {
    await check(request, 'post measures', metric)
    const batch = parseMeasuresBody(request.body)
    if (batch.timesUs.length === 0) return
    await measures.ingest([{ metricId: metric.id, policy: await policyOfMetric(index, metric), batch }])
  }

  async function get(request: FastifyRequest, metric: Metric): Promise<PyRows> {
    await check(request, 'get measures', metric)
    const query = parseMeasuresQuery(request.query as Query)
    const policy = await policyOfMetric(index, metric)
    // Read-after-write: every read waits for pending processing, so `refresh` changes nothing.
    await measures.ensureProcessed([metric.id])
    const series = await readMetricMeasures(driver.series, metric.id, policy, query)
    checkQueryCost(series, app.maxQueryPoints)
    return measureRows(series)
  }

  app.post<{ Params: { id: string } }>('/metric/:id/measures', { schema: MEASURE_ROUTES.post }, async (request, reply) => {
    await post(request, await byId(request.params.id))
    return reply.code(202).send()
  })
  app.get<{ Params: { id: string } }>('/metric/:id/measures', { schema: MEASURE_ROUTES.get }, async (request) => get(request, await byId(request.params.id)))
  app.post<{ Params: ResourceMetricParams }>('/resource/:type/:id/metric/:name/measures', { schema: MEASURE_ROUTES.postNamed }, async (request, reply) => {
    await post(request, await byName(request))
    return reply.code(202).send()
  })
  app.get<{ Params: ResourceMetricParams }>('/resource/:type/:id/metric/:name/measures', { schema: MEASURE_ROUTES.getNamed }, async (request) =>
    get(request, await byName(request)),
  )
}

/** `[iso, granularity seconds (float) or calendar letter, value]` rows of every series, in order. */
export function measureRows(
  series: readonly {
    readonly timestampsUs: Float64Array
    readonly values: Float64Array
    readonly granularityUs: number
    readonly calendar: string | null
  }[],
): PyRows {
  let n = 0
  for (const s of series) n += s.timestampsUs.length
  const stamps: string[] = new Array<string>(n)
  const grans: (string | number)[] = new Array<string | number>(n)
  const values = new Float64Array(n)
  let at = 0
  for (const s of series) {
    const g = s.calendar ?? s.granularityUs / 1e6
    for (let i = 0; i < s.timestampsUs.length; i++) {
      stamps[at] = formatMeasureTimestampUs(s.timestampsUs[i]!)
      grans[at] = g
      values[at] = s.values[i]!
      at++
    }
  }
  return new PyRows(n, [stamps, typeof grans[0] === 'string' ? grans : Float64Array.from(grans as number[]), values])
}
