/**
 * `POST /v1/aggregates` over HTTP (architecture.md §6: summing the mean of 1 000 metrics ×
 * 288 points from Redis, p50 ≤ 25 ms). One day at 5 minutes is stored for 1 000 metrics named
 * `cpu` on 1 000 generic resources spread over {@link PROJECTS} projects; the sum is asked in id
 * mode (every metric id in the operations) and in resource mode (`search` + `groupby=project_id`).
 * Both answers are checked against the known values before they are timed.
 */
import { randomUUID } from 'node:crypto'
import type { ServerProcess } from '../../test/helpers/server-process.js'
import { ADMIN_JSON_HEADERS, callJson, mapConcurrently, waitForEmptyBacklog } from './api-client.js'
import { type CannonFigures, describeLatency, fire } from './cannon.js'

const METRICS = 1_000
const POINTS = 288
const GRANULARITY_SEC = 300
const PROJECTS = 10
const PUSH_METRICS_PER_REQUEST = 100
const DAY_START_MS = Date.UTC(2024, 0, 2)
const POLICY = 'bench-day-5min'
/** Latency is measured one request at a time; throughput with a few in flight. */
const LATENCY_RUN = { connections: 1, durationSec: 10 }
const THROUGHPUT_RUN = { connections: 4, durationSec: 4 }

/**
 * The value of metric `j` at point `p`: quarters, so every sum below is exact in binary floating
 * point and the check can compare with `===`.
 */
const valueAt = (j: number, p: number): number => j * 0.25 + p

/** One aggregated row: `[timestamp, granularity, value]`. */
type Row = [string, number, number]

/** The timestamp Gnocchi prints for point `p`. */
const stampOf = (p: number): string => `${new Date(DAY_START_MS + p * GRANULARITY_SEC * 1000).toISOString().slice(0, 19)}+00:00`

/** Checks `rows` are the 288 sums over the metrics `members` (indices of {@link valueAt}). */
function checkSums(what: string, rows: readonly Row[], members: readonly number[]): void {
  if (rows.length !== POINTS) throw new Error(`${what}: ${rows.length} rows, expected ${POINTS}`)
  const base = members.reduce((s, j) => s + valueAt(j, 0), 0)
  rows.forEach(([stamp, granularity, value], p) => {
    const expected = base + members.length * p
    if (stamp !== stampOf(p) || granularity !== GRANULARITY_SEC || value !== expected) {
      throw new Error(`${what}: row ${p} is ${JSON.stringify([stamp, granularity, value])}, expected ${JSON.stringify([stampOf(p), GRANULARITY_SEC, expected])}`)
    }
  })
}

/** The stored data set: metric ids in {@link valueAt} order and each resource's project. */
export interface DaySet {
  readonly metricIds: readonly string[]
  readonly projectOf: readonly string[]
  readonly projects: readonly string[]
}

/** Creates the policy, resources and metrics, pushes the day, and waits until it is processed. */
export async function storeDay(server: ServerProcess): Promise<DaySet> {
  await callJson(
    server,
    'POST',
    '/v1/archive_policy',
    { name: POLICY, back_window: 0, definition: [{ granularity: `${GRANULARITY_SEC}s`, points: POINTS }], aggregation_methods: ['mean', 'sum', 'count'] },
    201,
  )
  const projects = Array.from({ length: PROJECTS }, () => randomUUID())
  const projectOf = Array.from({ length: METRICS }, (_, j) => projects[j % PROJECTS]!)
  const metricIds = await mapConcurrently(projectOf, 8, async (projectId) => {
    const body = { id: randomUUID(), project_id: projectId, metrics: { cpu: { archive_policy_name: POLICY } } }
    const resource = (await callJson(server, 'POST', '/v1/resource/generic', body, 201)) as { metrics: { cpu: string } }
    return resource.metrics.cpu
  })
  for (let first = 0; first < METRICS; first += PUSH_METRICS_PER_REQUEST) {
    const parts: string[] = []
    for (let j = first; j < Math.min(first + PUSH_METRICS_PER_REQUEST, METRICS); j++) {
      const measures = Array.from({ length: POINTS }, (_, p) => `{"timestamp":"${stampOf(p)}","value":${valueAt(j, p)}}`)
      parts.push(`"${metricIds[j]}":[${measures.join(',')}]`)
    }
    await callJson(server, 'POST', '/v1/batch/metrics/measures', `{${parts.join(',')}}`, 202)
  }
  await waitForEmptyBacklog(server)
  return { metricIds, projectOf, projects }
}

/** The two timed requests: the id-mode body, and the resource-mode path and body. */
export function aggregatesRequests(day: DaySet): { idBody: string; resourcePath: string; resourceBody: string } {
  return {
    idBody: JSON.stringify({ operations: `(aggregate sum (metric ${day.metricIds.map((id) => `(${id} mean)`).join(' ')}))` }),
    resourcePath: '/v1/aggregates?groupby=project_id',
    resourceBody: JSON.stringify({
      resource_type: 'generic',
      search: { in: { project_id: day.projects } },
      operations: '(aggregate sum (metric cpu mean))',
    }),
  }
}

/** Runs the aggregates bench against a started server and prints its figures. */
export async function benchAggregates(label: string, server: ServerProcess): Promise<{ idMode: CannonFigures; resourceMode: CannonFigures }> {
  const t0 = performance.now()
  const day = await storeDay(server)
  console.log(`${label}: aggregates data: ${METRICS} metrics × ${POINTS} points (${GRANULARITY_SEC} s) on ${METRICS} resources stored in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  const all = Array.from({ length: METRICS }, (_, j) => j)

  const { idBody, resourcePath, resourceBody } = aggregatesRequests(day)
  const idAnswer = (await callJson(server, 'POST', '/v1/aggregates', idBody, 200)) as { measures: { aggregated: Row[] } }
  checkSums(`${label} id mode`, idAnswer.measures.aggregated, all)

  const groups = (await callJson(server, 'POST', resourcePath, resourceBody, 200)) as { group: { project_id: string }; measures: { measures: { aggregated: Row[] } } }[]
  const sortedProjects = [...day.projects].sort()
  if (groups.length !== PROJECTS) throw new Error(`${label} resource mode: ${groups.length} groups, expected ${PROJECTS}`)
  groups.forEach((g, i) => {
    if (g.group.project_id !== sortedProjects[i]) throw new Error(`${label} resource mode: group ${i} is ${g.group.project_id}, expected ${sortedProjects[i]}`)
    checkSums(`${label} resource mode ${g.group.project_id}`, g.measures.measures.aggregated, all.filter((j) => day.projectOf[j] === g.group.project_id))
  })

  const idRequest = { method: 'POST' as const, path: '/v1/aggregates', body: idBody }
  const resourceRequest = { method: 'POST' as const, path: resourcePath, body: resourceBody }
  const run = (request: typeof idRequest, shape: typeof LATENCY_RUN): Promise<CannonFigures> =>
    fire({ url: server.url, headers: ADMIN_JSON_HEADERS, request, ...shape })

  const idMode = await run(idRequest, LATENCY_RUN)
  console.log(`${label}: aggregates id mode, sum of ${METRICS} means × ${POINTS} points, ${LATENCY_RUN.connections} connection: ${describeLatency(idMode)}`)
  const idLoaded = await run(idRequest, THROUGHPUT_RUN)
  console.log(`${label}: aggregates id mode, ${THROUGHPUT_RUN.connections} connections: ${describeLatency(idLoaded)}`)
  const resourceMode = await run(resourceRequest, LATENCY_RUN)
  console.log(`${label}: aggregates resource mode, search + groupby=project_id (${PROJECTS} groups × ${METRICS / PROJECTS} metrics), ${LATENCY_RUN.connections} connection: ${describeLatency(resourceMode)}`)
  const resourceLoaded = await run(resourceRequest, THROUGHPUT_RUN)
  console.log(`${label}: aggregates resource mode, ${THROUGHPUT_RUN.connections} connections: ${describeLatency(resourceLoaded)}`)
  return { idMode, resourceMode }
}
