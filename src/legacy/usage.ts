/**
 * `GET /api/stats/usage/` (issue 6, legacy-stats-api.md §1.1 and §4.2): per visible group, one
 * value per interval. Each of the group's instances contributes the mean of its stored points
 * (finest granularity, `mean`) inside the interval, or nothing when it has none there; `mean`
 * items average those contributions, `sum` items add them; an interval nothing contributes to
 * is `0`.
 */
import type { ResourceRevision } from '../model/resource.js'
import { pyFloat, type PyFloat } from '../model/python-json.js'
import type { ResourceView } from '../storage/index-types.js'
import type { IndexStore } from '../storage/types.js'
import type { LegacyCaller } from './caller.js'
import { attr, loadEstate, projectsById, type Estate } from './estate.js'
import { uuidKey } from './query-params.js'
import type { LegacySeriesReader, SeriesPoints } from './series-reader.js'
import { foldPoints, gridEndUs, intervalGrid, type IntervalGrid } from './usage-fold.js'
import type { UsageItem, UsageItems } from './usage-items.js'
import type { UsageAggregate, UsageQuery } from './usage-query.js'

/** One interval of the answer; `value` is a float, or the integer 0 when nothing contributes. */
export interface UsageDatapoint {
  readonly from: number
  readonly to: number
  readonly value: PyFloat | 0
}

/** One group of the answer. */
export interface UsageGroup {
  readonly name: string
  readonly datapoints: readonly UsageDatapoint[]
}

/** What the usage computation reads. */
export interface UsageDeps {
  readonly index: IndexStore
  readonly reader: LegacySeriesReader
  readonly items: UsageItems
}

function groupsOf(estate: Estate, aggregate: UsageAggregate): readonly ResourceRevision[] {
  switch (aggregate) {
    case 'customer':
      return estate.customers
    case 'project':
      return estate.projects
    case 'project_group':
      return estate.projectGroups
  }
}

/** The id of the group of `aggregate` an instance belongs to, or null. */
function groupIdOf(instance: ResourceRevision, aggregate: UsageAggregate, projects: Map<string, ResourceRevision>): string | null {
  if (instance.projectId === null) return null
  if (aggregate === 'project') return instance.projectId
  const project = projects.get(instance.projectId)
  if (project === undefined) return null
  return attr(project, aggregate === 'customer' ? 'customer_id' : 'project_group_id')
}

/** Whether the instance's lifetime overlaps `[fromUs, toUs)`: one that did not exist there has no points to read. */
const livesIn = (r: ResourceRevision, fromUs: number, toUs: number): boolean =>
  r.startedAtUs < toUs && (r.endedAtUs === null || r.endedAtUs > fromUs)

/** Per-interval means of one instance; NaN where it has no point. */
function instanceMeans(sums: Float64Array, counts: Float64Array): Float64Array {
  const out = new Float64Array(sums.length)
  for (let i = 0; i < sums.length; i++) out[i] = counts[i] === 0 ? NaN : sums[i] / counts[i]
  return out
}

function combine(contributions: readonly Float64Array[], item: UsageItem, grid: IntervalGrid): UsageDatapoint[] {
  const out: UsageDatapoint[] = []
  for (let i = 0; i < grid.count; i++) {
    let sum = 0
    let n = 0
    for (const c of contributions) {
      const v = c[i]
      if (Number.isNaN(v)) continue
      sum += v
      n++
    }
    const fromUs = grid.fromUs + i * grid.widthUs
    const value = n === 0 ? 0 : pyFloat((item.combine === 'mean' ? sum / n : sum) * item.scale)
    out.push({ from: fromUs / 1e6, to: (fromUs + grid.widthUs) / 1e6, value })
  }
  return out
}

/** Computes the usage answer for a validated query. */
export async function computeUsage(deps: UsageDeps, caller: LegacyCaller, query: UsageQuery): Promise<UsageGroup[]> {
  const item = deps.items[query.item]
  const estate = await loadEstate(deps.index, caller)
  const groups = groupsOf(estate, query.aggregate).filter((g) => query.uuids === null || query.uuids.has(uuidKey(g.id)))
  const projects = projectsById(estate)
  const grid = intervalGrid(query.fromS, query.toS, query.datapoints)
  const endUs = gridEndUs(grid)

  const members = new Map<string, ResourceView[]>()
  for (const g of groups) members.set(g.id, [])
  for (const view of estate.instances) {
    const gid = groupIdOf(view.resource, query.aggregate, projects)
    if (gid !== null) members.get(gid)?.push(view)
  }

  // One batched read for every metric of every group's instances.
  const metricOf = new Map<string, string>()
  for (const list of members.values()) {
    for (const view of list) {
      const metric = view.metrics.find((m) => m.name === item.metric)
      if (metric !== undefined) metricOf.set(view.resource.id, metric.id)
    }
  }
  const toRead = [...members.values()]
    .flat()
    .filter((v) => metricOf.has(v.resource.id) && livesIn(v.resource, grid.fromUs, endUs))
    .map((v) => metricOf.get(v.resource.id) ?? '')
  const points: Map<string, SeriesPoints> =
    toRead.length === 0 || grid.widthUs === 0 ? new Map() : await deps.reader.readMeans([...new Set(toRead)], grid.fromUs, endUs)

  const means = new Map<string, Float64Array>()
  const meansOf = (metricId: string): Float64Array => {
    let m = means.get(metricId)
    if (m === undefined) {
      const sums = new Float64Array(grid.count)
      const counts = new Float64Array(grid.count)
      const p = points.get(metricId)
      if (p !== undefined) foldPoints(p, grid, sums, counts)
      m = instanceMeans(sums, counts)
      means.set(metricId, m)
    }
    return m
  }

  return groups.map((g) => {
    const name = attr(g, 'name') ?? ''
    const metricIds = (members.get(g.id) ?? []).flatMap((v) => {
      const id = metricOf.get(v.resource.id)
      return id === undefined ? [] : [id]
    })
    // No instance, or no instance with the item's metric at all: `[]`, as the original did
    // when it found no monitored host (legacy-stats-api.md §1.1 steps 3-4).
    if (metricIds.length === 0) return { name, datapoints: [] }
    return { name, datapoints: combine(metricIds.map(meansOf), item, grid) }
  })
}
