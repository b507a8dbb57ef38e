/**
 * The small estate several `/v1` route tests share: two generic resources, each with a `cpu`
 * metric on a one-minute archive policy, and per-minute measures from {@link T0}.
 */
import type { AppServices } from '../../src/http/services.js'

/** Metric ids: `A` on resource `R1`, `B` on `R2`. */
export const A = 'a0000000-0000-4000-8000-000000000001'
export const B = 'b0000000-0000-4000-8000-000000000002'
export const R1 = 'c0000000-0000-4000-8000-000000000001'
export const R2 = 'c0000000-0000-4000-8000-000000000002'
/** First measure's time (2024-01-01T00:00:00Z), µs. */
export const T0 = Date.UTC(2024, 0, 1) * 1000
/** One minute, µs: the policy's granularity and the measures' spacing. */
export const MIN = 60_000_000

/** What the estate varies between tests. */
export interface TwoCpuMetricsOptions {
  readonly policyName: string
  readonly methods: readonly string[]
  /** Points the policy keeps (one per minute). */
  readonly points: number
  /** Owners of `R1` and `R2` (user and project ids), null for none. */
  readonly owners: readonly [{ user: string | null; project: string | null }, { user: string | null; project: string | null }]
  /** Measure values of `A` and `B`, one per minute from `T0`. */
  readonly values: readonly [readonly number[], readonly number[]]
}

/** Creates the policy, both resources and metrics, and ingests the measures. */
export async function seedTwoCpuMetrics({ index, measures }: AppServices, o: TwoCpuMetricsOptions): Promise<void> {
  const policy = await index.createArchivePolicy({
    name: o.policyName,
    backWindow: 0,
    aggregationMethods: [...o.methods],
    definition: [{ granularityUs: MIN, points: o.points, timespanUs: o.points * MIN }],
  })
  const pairs = [[R1, A, o.owners[0]], [R2, B, o.owners[1]]] as const
  for (const [resource, metric, owner] of pairs) {
    await index.createResource({ id: resource, type: 'generic', originalResourceId: resource, creator: 'admin', userId: owner.user, projectId: owner.project, attributes: {} })
    await index.createMetric({ id: metric, archivePolicyName: o.policyName, creator: 'admin', name: 'cpu', unit: null, resourceId: resource })
  }
  const batch = (vs: readonly number[]) => ({ timesUs: new Float64Array(vs.map((_, i) => T0 + i * MIN)), values: new Float64Array(vs) })
  await measures.ingest([
    { metricId: A, policy, batch: batch(o.values[0]) },
    { metricId: B, policy, batch: batch(o.values[1]) },
  ])
}
