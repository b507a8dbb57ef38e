/**
 * `POST /v1/aggregates` (gnocchi-aggregates.md §1–§2, gnocchi-rest.md §3.10): query parameters
 * are validated first, then the body; references are resolved against the index (id mode: metric
 * UUIDs; resource mode: metric name patterns on the resources matched by `search`), and the
 * engine plans, reads in one batch and evaluates.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import {
  canonicalUuid,
  extractReferences,
  type AggregatesMode,
  type AggregatesOptions,
  type FillMode,
  type GroupResult,
  type MeasuresOutput,
  type MetricInfo,
  type PointList,
  type ResourceInfo,
} from '../../../engine/aggregates/index.js'
import { queryAggregates } from '../../../engine/aggregates/query.js'
import { parseOperationsInput, type OpNode } from '../../../grammar/operations/index.js'
import { CAUSES, GnocchiError, invalidInput } from '../../../model/errors.js'
import type { ArchivePolicy } from '../../../model/archive-policy.js'
import type { Metric } from '../../../model/metric.js'
import { PyFloat, PyRows } from '../../../model/python-json.js'
import type { AttributeValue } from '../../../model/resource.js'
import { formatMeasureTimestampUs } from '../../../model/time-format.js'
import { parseTimestampUs } from '../../../model/timestamp.js'
import { parsePythonFloat, parseTimespanUs } from '../../../model/timespan.js'
import type { IndexStore } from '../../../storage/index-types.js'
import { authorize, isAllowedForAnyTarget } from '../../policy/authorize.js'
import { metricPolicyTarget, renderMetricList } from '../../render/metric.js'
import { renderResource, renderedResourceKeys, type ResourceJson, type ResourceJsonValue } from '../../render/resource.js'
import { parseBoolParam } from '../../util/bool-param.js'
import { undecodableBody } from '../../util/json-body.js'
import type { AppServices } from '../../services.js'
import { AGGREGATES_ROUTES } from '../../schemas/v1/routes/aggregates.js'
import type { V1RouteOptions } from './options.js'
import { buildSearch, type Query } from './resource-listing.js'
import { filterFromJson, parseFilter } from '../../../grammar/filter/index.js'

/** `Argument value error` for query parameter `name`. */
export function argumentError(name: string, reason: string): GnocchiError {
  return new GnocchiError('INVALID_INPUT', { cause: CAUSES.argumentError, detail: name, reason })
}

/** One value of a possibly repeated query parameter (the first), or undefined. */
export function oneParam(query: Query, name: string): string | undefined {
  const v = query[name]
  return typeof v === 'string' ? v : v?.[0]
}

/** Every value of a repeatable query parameter. */
export function manyParam(query: Query, name: string): readonly string[] {
  const v = query[name]
  return v === undefined ? [] : typeof v === 'string' ? [v] : v
}

/** Parses `fill` (§1.1). */
export function parseFill(raw: string | undefined): FillMode | null {
  if (raw === undefined) return null
  if (raw === 'null') return { kind: 'null' }
  if (raw === 'dropna') return { kind: 'dropna' }
  const value = parsePythonFloat(raw)
  if (value === null) throw argumentError('fill', "Must be a float, 'dropna' or 'null'")
  return { kind: 'value', value }
}

/** Parses `start`/`stop` (§1.1); relative timespans are taken from now. */
export function parseTimeParam(name: string, raw: string | undefined): number | null {
  if (raw === undefined) return null
  try {
    return parseTimestampUs(raw)
  } catch {
    throw argumentError(name, 'Must be a datetime or a timestamp')
  }
}

/** Parses `granularity` (one timespan). */
export function parseGranularityParam(raw: string | undefined): number | null {
  if (raw === undefined) return null
  try {
    return parseTimespanUs(raw)
  } catch (e) {
    throw argumentError('granularity', e instanceof GnocchiError && typeof e.description === 'string' ? e.description : 'Unable to parse timespan')
  }
}

/** The §1.1 options in Gnocchi's validation order. */
export function parseAggregatesOptions(query: Query): { options: AggregatesOptions; details: boolean; groupby: readonly string[] } {
  const overlapRaw = oneParam(query, 'needed_overlap')
  let neededOverlap: number | null = null
  if (overlapRaw !== undefined) {
    neededOverlap = parsePythonFloat(overlapRaw)
    if (neededOverlap === null) throw argumentError('needed_overlap', 'Must be a number')
  }
  const startUs = parseTimeParam('start', oneParam(query, 'start'))
  const stopUs = parseTimeParam('stop', oneParam(query, 'stop'))
  const granularityUs = parseGranularityParam(oneParam(query, 'granularity'))
  const fill = parseFill(oneParam(query, 'fill'))
  const details = parseBoolParam('details', query.details)
  return { options: { startUs, stopUs, granularityUs, neededOverlap, fill }, details, groupby: manyParam(query, 'groupby') }
}

/** The validated body (§1.2). */
interface AggregatesBody {
  readonly operations: OpNode
  readonly resourceType: string | null
  readonly search: unknown
}

const BODY_KEYS: ReadonlySet<string> = new Set(['operations', 'resource_type', 'search'])

function parseBody(body: unknown): AggregatesBody {
  // gnocchi-compat: ujson's message for an empty document, see gnocchi/rest/api.py deserialize().
  if (body === undefined) throw undecodableBody('Expected object or value')
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidInput('expected a dictionary')
  }
  const obj = body as Record<string, unknown>
  for (const k of Object.keys(obj)) if (!BODY_KEYS.has(k)) throw invalidInput('extra keys not allowed', [k])
  if (!Object.hasOwn(obj, 'operations')) throw invalidInput("required key not provided @ data['operations']", ['operations'])
  const operations = parseOperationsInput(obj.operations)
  const rt = obj.resource_type
  if (rt === undefined) return { operations, resourceType: null, search: null }
  if (typeof rt !== 'string') throw invalidInput(`expected str for dictionary value @ data['resource_type']`, ['resource_type'])
  // gnocchi-compat: 4.4.2 answers 500 here; gnocchi-aggregates.md §1.2 Recommended 400.
  if (!Object.hasOwn(obj, 'search')) throw invalidInput("required key not provided @ data['search']", ['search'])
  return { operations, resourceType: rt, search: obj.search }
}

/** Renders a point list as `[[iso, granularity float, value], …]` without building rows. */
export function renderPoints(p: PointList): PyRows {
  const n = p.values.length
  const iso: string[] = new Array<string>(n)
  const gran = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    iso[i] = formatMeasureTimestampUs(p.timestampsUs[i]!)
    gran[i] = p.granularitiesUs[i]! / 1e6
  }
  return new PyRows(n, [iso, gran, p.values])
}

/** The nested measures object of §2.7; entries sharing keys are concatenated. */
export function renderMeasures(m: MeasuresOutput): Record<string, unknown> {
  if (m.kind === 'aggregated') return { aggregated: renderPoints(m.points) }
  const out: Record<string, Record<string, unknown>> = {}
  for (const s of m.series) {
    let node: Record<string, unknown> = (out[s.id] ??= {})
    if (m.kind === 'resources') node = (node[s.metricName ?? ''] ??= {}) as Record<string, unknown>
    node[s.aggregation] = merge(node[s.aggregation], s.points)
  }
  return out
}

function merge(previous: unknown, points: PointList): PyRows {
  const next = renderPoints(points)
  if (!(previous instanceof PyRows)) return next
  const cols = previous.columns.map((c, i) => concatColumn(c, next.columns[i]!))
  return new PyRows(previous.length + next.length, cols)
}

function concatColumn(a: unknown, b: unknown): string[] | Float64Array {
  if (a instanceof Float64Array && b instanceof Float64Array) {
    const out = new Float64Array(a.length + b.length)
    out.set(a)
    out.set(b, a.length)
    return out
  }
  return [...(a as string[]), ...(b as string[])]
}

/** Policy flattened for the engine. */
function metricInfo(m: Metric, policy: ArchivePolicy | undefined): MetricInfo {
  return {
    id: m.id,
    name: m.name,
    granularitiesUs: policy?.definition.map((d) => d.granularityUs) ?? [],
    aggregationMethods: policy?.aggregationMethods ?? [],
  }
}

async function loadPolicies(index: IndexStore, metrics: readonly Metric[]): Promise<Map<string, ArchivePolicy>> {
  const out = new Map<string, ArchivePolicy>()
  for (const name of new Set(metrics.map((m) => m.archivePolicyName))) {
    const p = await index.getArchivePolicy(name)
    if (p !== null) out.set(name, p)
  }
  return out
}

/** What one request resolved to, before evaluation. */
interface Resolved {
  readonly mode: AggregatesMode
  readonly metrics: readonly Metric[]
  readonly policies: ReadonlyMap<string, ArchivePolicy>
  /** Resource mode: rendered resources by id (references and group values). */
  readonly resources: ReadonlyMap<string, ResourceJson>
}

/** `get metric` on every metric; targets are built only when the caller's rule depends on them. */
async function authorizeMetrics(request: FastifyRequest, index: IndexStore, metrics: readonly Metric[]): Promise<void> {
  if (isAllowedForAnyTarget(request.identity, 'get metric')) return
  // All targets at once: concurrent index reads share one catch-up with storage, where awaiting
  // them one by one costs a storage round trip per metric (1 000 metrics: 2 000 with Redis).
  const targets = await Promise.all(metrics.map((m) => metricPolicyTarget(index, m)))
  metrics.forEach((m, i) => authorize(request.identity, 'get metric', targets[i]))
}

async function resolveIdMode(request: FastifyRequest, index: IndexStore, operations: OpNode): Promise<Resolved> {
  const ids = [...new Set(extractReferences(operations).map((r) => canonicalUuid(r.name)))]
  const valid = ids.filter((id): id is string => id !== null)
  const metrics = valid.length === 0 ? [] : await index.getMetrics(valid)
  const policies = await loadPolicies(index, metrics)
  const byId = new Map(metrics.map((m) => [m.id, m]))
  // Policy only once every reference resolved: invalid or unknown references answer first (§2.2).
  if (valid.length === ids.length && valid.every((id) => byId.has(id))) {
    await authorizeMetrics(request, index, metrics)
  }
  const infos = new Map(metrics.map((m) => [m.id, metricInfo(m, policies.get(m.archivePolicyName))]))
  return { mode: { kind: 'id', lookup: (id) => infos.get(id) }, metrics, policies, resources: new Map() }
}

function searchFilter(search: unknown): ReturnType<typeof filterFromJson> | null {
  if (typeof search === 'string') return search === '' ? null : parseFilter(search)
  return filterFromJson(search)
}

async function resolveResourceMode(
  request: FastifyRequest,
  index: IndexStore,
  body: AggregatesBody,
  groupby: readonly string[],
): Promise<Resolved> {
  const typeName = body.resourceType ?? 'generic'
  const type = await index.getResourceType(typeName)
  if (type === null) throw new GnocchiError('INVALID_INPUT', { cause: 'Resource type does not exist', detail: typeName })
  const filter = searchFilter(body.search)
  const search = buildSearch(request, { type, filter, rule: 'search resource' }, false)
  const views = await index.searchResources(search)
  const allMetrics = views.flatMap((v) => v.metrics)
  const policies = await loadPolicies(index, allMetrics)
  const rendered = new Map<string, ResourceJson>()
  const resources: ResourceInfo[] = views.map((v) => {
    const json = renderResource(v.resource, v.metrics, type)
    rendered.set(v.resource.id, json)
    const attributes: Record<string, AttributeValue> = {}
    for (const [k, value] of Object.entries(json)) attributes[k] = attributeOf(value)
    return {
      id: v.resource.id,
      revisionStartUs: v.resource.revisionStartUs,
      startedAtUs: v.resource.startedAtUs,
      attributes,
      metrics: v.metrics.map((m) => metricInfo(m, policies.get(m.archivePolicyName))),
    }
  })
  const known = new Set(renderedResourceKeys(type).filter((k) => k !== 'metrics'))
  return { mode: { kind: 'resource', resources, groupby, knownAttributes: known }, metrics: allMetrics, policies, resources: rendered }
}

/** Rendered values compare like the stored ones (ISO datetimes sort as text). */
function attributeOf(v: ResourceJsonValue): AttributeValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v
  if (v instanceof PyFloat) return v.value
  return null
}

async function renderGroup(index: IndexStore, resolved: Resolved, result: GroupResult, details: boolean): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { measures: renderMeasures(result.measures) }
  if (!details) return out
  if (resolved.mode.kind === 'id') {
    const metrics = result.referenceIds.map((id) => resolved.metrics.find((m) => m.id === id)).filter((m): m is Metric => m !== undefined)
    out.references = await renderMetricList(index, metrics)
  } else {
    out.references = result.referenceIds.map((id) => resolved.resources.get(id)).filter((r) => r !== undefined)
  }
  return out
}

/** Answers one `POST /v1/aggregates`. */
export async function answerAggregates(request: FastifyRequest, services: AppServices, maxPoints: number | null): Promise<unknown> {
  const { index } = services
  const { options, details, groupby } = parseAggregatesOptions(request.query as Query)
  const body = parseBody(request.body)
  const resolved =
    body.resourceType === null
      ? await resolveIdMode(request, index, body.operations)
      : await resolveResourceMode(request, index, body, groupby)
  const policyOf = new Map(resolved.metrics.map((m) => [m.id, resolved.policies.get(m.archivePolicyName)]))
  const results = await queryAggregates(
    { operations: body.operations, options, mode: resolved.mode },
    {
      store: services.driver.series,
      timespanOf: (id, g) => policyOf.get(id)?.definition.find((d) => d.granularityUs === g)?.timespanUs ?? null,
      maxPoints,
      beforeRead: (ids) => services.measures.ensureProcessed(ids),
    },
  )
  if (resolved.mode.kind === 'resource' && resolved.mode.groupby.length > 0) {
    const out: unknown[] = []
    for (const r of results) {
      const first = r.referenceIds[0]
      const json = first === undefined ? undefined : resolved.resources.get(first)
      const group: Record<string, unknown> = {}
      for (const k of Object.keys(r.group ?? {})) group[k] = json?.[k] ?? r.group?.[k] ?? null
      out.push({ group, measures: await renderGroup(index, resolved, r, details) })
    }
    return out
  }
  const only = results[0]
  return only === undefined ? { measures: {} } : renderGroup(index, resolved, only, details)
}

/** Registers `POST /v1/aggregates`. */
export const aggregatesRoutes: FastifyPluginAsync<V1RouteOptions> = async (app, { services }) => {
  // The body is optional for the body plugin so that query parameters are checked first (§1.1);
  // an absent body is refused right after them.
  app.post('/aggregates', { schema: AGGREGATES_ROUTES.aggregates, config: { optionalBody: true } }, async (request) => answerAggregates(request, services, app.maxQueryPoints))
}
