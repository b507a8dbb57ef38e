/**
 * Maps decoded remote-write series to Gnocchi resources and metrics (gnocchi-rest.md §3.13).
 */
import { GnocchiError, invalidInput } from '../../model/errors.js'
import type { AttributeSchema } from '../../model/resource.js'
import type { MeasureColumns, MetricMeasures } from './measure-groups.js'
import type { PrometheusSeries } from './prometheus-remote-write.js'

/** The resource type Gnocchi creates on the first remote write, when it is missing. */
export const PROMETHEUS_RESOURCE_TYPE: {
  readonly name: 'prometheus'
  readonly attributes: Readonly<Record<'instance' | 'job', AttributeSchema>>
} = {
  name: 'prometheus',
  attributes: {
    instance: { type: 'string', minLength: 1, maxLength: 512, required: true },
    job: { type: 'string', minLength: 1, maxLength: 512, required: true },
  },
}

/** `job` / `instance` when the label is absent. */
export const PROMETHEUS_DEFAULT_LABEL_VALUE = 'none'

/** One resource's share of a remote write. */
export interface PrometheusResourceMeasures {
  /** Attributes to create the resource with (the first `(job, instance)` pair that produced this id). */
  readonly attributes: { readonly job: string; readonly instance: string }
  /** Metric name (`__name__`) → measures. */
  readonly metrics: MetricMeasures
}

/** Original resource id `<job>@<instance>` → its attributes and measures. */
export type PrometheusMeasures = Map<string, PrometheusResourceMeasures>

/**
 * Groups series by resource and metric.
 * - `job`/`instance` default to `"none"`; original id `<job>@<instance>`.
 * - metric name = `__name__`; other labels are ignored, so series that differ only by them
 *   collide and the **last one replaces** the earlier ones (Gnocchi assigns, it does not append).
 * - series without samples contribute nothing.
 * - timestamps ms → µs, exactly.
 * @throws GnocchiError 400 `Invalid input` when a series has no `__name__` label
 *   (gnocchi-compat: Gnocchi raises KeyError, a 500), or when a sample is before the epoch
 *   (Gnocchi's MeasuresListSchema message `unexpected timestamp 'Timestamp must be after Epoch'`).
 *   Errors are raised in series order, before anything is returned, as Gnocchi validates the
 *   whole request before touching the index.
 */
export function prometheusToMeasures(series: Iterable<PrometheusSeries>): PrometheusMeasures {
  // Gnocchi groups by the (job, instance) tuple first, then formats the id; two tuples can
  // give the same id (`a@b` + `c` vs `a` + `b@c`), so keep both steps.
  const byPair = new Map<string, { job: string; instance: string; metrics: MetricMeasures }>()
  let index = 0
  for (const ts of series) {
    const labels = new Map<string, string>()
    for (const l of ts.labels) labels.set(l.name, l.value)
    const job = labels.get('job') ?? PROMETHEUS_DEFAULT_LABEL_VALUE
    const instance = labels.get('instance') ?? PROMETHEUS_DEFAULT_LABEL_VALUE
    const name = labels.get('__name__')
    if (name === undefined) throw missingName(index)
    if (ts.samples.length > 0) {
      const key = JSON.stringify([job, instance])
      let entry = byPair.get(key)
      if (entry === undefined) {
        entry = { job, instance, metrics: new Map() }
        byPair.set(key, entry)
      }
      entry.metrics.set(name, toColumns(ts))
    }
    index++
  }
  const out: PrometheusMeasures = new Map()
  for (const { job, instance, metrics } of byPair.values()) {
    const id = `${job}@${instance}`
    const existing = out.get(id)
    if (existing === undefined) {
      out.set(id, { attributes: { job, instance }, metrics })
    } else {
      // Gnocchi batches by metric id, so a later pair's series replaces an earlier pair's.
      for (const [n, cols] of metrics) existing.metrics.set(n, cols)
    }
  }
  return out
}

function missingName(index: number): GnocchiError {
  return new GnocchiError('INVALID_INPUT', {
    cause: 'Invalid input',
    reason: "required label '__name__' not provided",
    detail: ['timeseries', String(index), 'labels'],
  })
}

function toColumns(ts: PrometheusSeries): MeasureColumns {
  const timesUs: number[] = []
  const values: number[] = []
  for (const s of ts.samples) {
    if (s.timestampMs < 0) throw invalidInput("unexpected timestamp 'Timestamp must be after Epoch'")
    // gnocchi-compat: Gnocchi computes (ms / 1000.0) * 1e9 in doubles, which can land a few
    // hundred ns off the exact instant; we keep the exact ms * 1000 µs, see
    // gnocchi/rest/api.py PrometheusWriteController.post and gnocchi/utils.py to_timestamps.
    timesUs.push(s.timestampMs * 1000)
    values.push(s.value)
  }
  return { timesUs, values }
}
