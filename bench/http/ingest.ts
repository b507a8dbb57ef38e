/**
 * Batch ingest over HTTP (architecture.md §6: end to end with Redis ≥ 200 k measures/s):
 * autocannon posts `POST /v1/batch/metrics/measures` bodies of {@link METRICS_PER_REQUEST}
 * metrics × {@link MEASURES_PER_METRIC} measures, every request carrying new, later points.
 *
 * Each request leases one group of metrics and returns it when answered, so a metric never
 * has two requests in flight: its batches arrive in time order and none falls behind the back
 * window, and the stored count can be checked exactly against what was acknowledged.
 */
import type { Request } from 'autocannon'
import type { ServerProcess } from '../../test/helpers/server-process.js'
import { ADMIN_JSON_HEADERS, callJson, mapConcurrently, waitForEmptyBacklog } from './api-client.js'
import { describeLatency, fire } from './cannon.js'

const METRICS_PER_REQUEST = 100
const MEASURES_PER_METRIC = 100
const CONNECTIONS = 8
/** More groups than connections, so a free group is always there when a request is built. */
const GROUPS = CONNECTIONS + 4
const DURATION_SEC = 10
const STEP_MS = 10_000
const FIRST_MS = Date.UTC(2024, 0, 1)
/** Gnocchi's default policy for new metrics (the `default` rule), seeded on an empty store. */
const POLICY = 'low'

/** The measures list every metric of a group gets in its `round`-th request (same for all of them). */
function measuresJson(round: number): string {
  const parts = new Array<string>(MEASURES_PER_METRIC)
  for (let i = 0; i < MEASURES_PER_METRIC; i++) {
    const n = round * MEASURES_PER_METRIC + i
    parts[i] = `{"timestamp":"${new Date(FIRST_MS + n * STEP_MS).toISOString()}","value":${(n % 97) + 0.5}}`
  }
  return `[${parts.join(',')}]`
}

/** Per-group bookkeeping of the leases. */
class GroupLeases {
  private readonly free: number[] = Array.from({ length: GROUPS }, (_, g) => GROUPS - 1 - g)
  /** Requests built (and so possibly sent) for each group. */
  readonly sent = new Array<number>(GROUPS).fill(0)
  /** Requests answered 202 for each group. */
  readonly acked = new Array<number>(GROUPS).fill(0)

  lease(): { group: number; round: number } {
    const group = this.free.pop()
    if (group === undefined) throw new Error('ingest bench: no free metric group (a request was lost without an answer)')
    return { group, round: this.sent[group]++ }
  }

  release(group: number, accepted: boolean): void {
    if (accepted) this.acked[group]!++
    this.free.push(group)
  }
}

/** Sum of the `count` aggregate over every stored bucket of a metric. */
async function storedCount(server: ServerProcess, metricId: string): Promise<number> {
  const rows = (await callJson(server, 'GET', `/v1/metric/${metricId}/measures?aggregation=count`, undefined, 200)) as [string, number, number][]
  return rows.reduce((n, row) => n + row[2], 0)
}

/** Runs the ingest bench against a started server and prints its figures. */
export async function benchIngest(label: string, server: ServerProcess): Promise<void> {
  const created = await mapConcurrently(Array.from({ length: GROUPS * METRICS_PER_REQUEST }), 8, async () => {
    const m = (await callJson(server, 'POST', '/v1/metric', { archive_policy_name: POLICY }, 201)) as { id: string }
    return m.id
  })
  const groups = Array.from({ length: GROUPS }, (_, g) => created.slice(g * METRICS_PER_REQUEST, (g + 1) * METRICS_PER_REQUEST))
  const leases = new GroupLeases()

  const request: Request = {
    method: 'POST',
    path: '/v1/batch/metrics/measures',
    setupRequest: (req, context) => {
      const { group, round } = leases.lease()
      ;(context as { group?: number }).group = group
      const measures = measuresJson(round)
      return { ...req, body: `{${groups[group]!.map((id) => `"${id}":${measures}`).join(',')}}` }
    },
    onResponse: (status, _body, context) => {
      const group = (context as { group?: number }).group
      if (group !== undefined) leases.release(group, status === 202)
    },
  }
  const tLoad = performance.now()
  const figures = await fire({ url: server.url, connections: CONNECTIONS, durationSec: DURATION_SEC, headers: ADMIN_JSON_HEADERS, request })
  const loadMs = performance.now() - tLoad
  const drainMs = await waitForEmptyBacklog(server)

  const perRequest = METRICS_PER_REQUEST * MEASURES_PER_METRIC
  const ackedMeasures = figures.ok * perRequest
  console.log(
    `${label}: ingest ${CONNECTIONS} connections, ${METRICS_PER_REQUEST} metrics × ${MEASURES_PER_METRIC} measures per request (policy ${POLICY}): ` +
      `${((ackedMeasures / figures.durationSec) / 1e3).toFixed(0)} k measures/s acknowledged, ${describeLatency(figures)}`,
  )
  console.log(
    `${label}: ingest processing: backlog empty ${(drainMs / 1000).toFixed(2)} s after the load stopped; ` +
      `${(ackedMeasures / 1e6).toFixed(2)} M measures processed in ${((loadMs + drainMs) / 1000).toFixed(1)} s = ${((ackedMeasures / (loadMs + drainMs)) * 1000 / 1e3).toFixed(0)} k measures/s end to end`,
  )

  // Every acknowledged measure is stored once; a request cut off by the end of the run may or may not have landed.
  for (let g = 0; g < GROUPS; g++) {
    const stored = await storedCount(server, groups[g]![0]!)
    const low = leases.acked[g]! * MEASURES_PER_METRIC
    const high = leases.sent[g]! * MEASURES_PER_METRIC
    if (stored < low || stored > high) throw new Error(`${label}: metric ${groups[g]![0]} stores ${stored} measures, expected between ${low} (acknowledged) and ${high} (sent)`)
  }
}
