/**
 * Maps parsed InfluxDB points to Gnocchi resources and metrics (gnocchi-rest.md §3.12).
 */
import { GnocchiError } from '../../model/errors.js'
import type { InfluxPoint } from './influx-line-protocol.js'
import { iterateLineProtocol } from './influx-line-protocol.js'
import { appendMeasure, compareCodePoints } from './measure-groups.js'
import type { MetricMeasures } from './measure-groups.js'

/** Tag naming the resource when the `X-Gnocchi-InfluxDB-Tag-Resource-ID` header is absent. */
export const DEFAULT_INFLUX_RESOURCE_ID_TAG = 'host'

/** Resource type used when `/write` has no `db` parameter. */
export const DEFAULT_INFLUX_DB = 'influxdb'

/** Options of {@link influxPointsToMeasures}. */
export interface InfluxMappingOptions {
  /** Tag whose value is the resource's original id; removed from the tag set. */
  readonly resourceIdTag: string
  /** Timestamp (µs since the epoch) of points that carry none: the request's "now". */
  readonly nowUs: number
}

/** Original resource id (the tag value) → metric name → measures. */
export type InfluxMeasures = Map<string, MetricMeasures>

/** The 400 for a point without the resource-id tag. */
export function missingResourceIdTag(tag: string): GnocchiError {
  return new GnocchiError('INVALID_INPUT', { cause: 'Value error', detail: 'key', reason: `Unable to find key \`${tag}' in tags` })
}

/**
 * Gnocchi's metric name for a field: `<measurement>.<field>`, then `@k1=v1,k2=v2` of the
 * remaining tags sorted by key (when any), then every `/` replaced by `_`.
 * @param tags the tags without the resource-id tag.
 */
export function influxMetricName(measurement: string, field: string, tags: ReadonlyMap<string, string>): string {
  return `${measurement}.${field}${tagSuffix(tags)}`.replaceAll('/', '_')
}

/** `@k1=v1,k2=v2` with keys in Python's code-point order, or `""` without tags. */
function tagSuffix(tags: ReadonlyMap<string, string>): string {
  if (tags.size === 0) return ''
  const keys = Array.from(tags.keys()).sort(compareCodePoints)
  return `@${keys.map((k) => `${k}=${tags.get(k) ?? ''}`).join(',')}`
}

/** Floors nanoseconds to microseconds (timestamps are never negative here). */
function nsToUs(ns: bigint): number {
  return Number(ns / 1000n)
}

/**
 * Groups points by resource and metric (§3.12 mapping).
 * @param points parsed points; pass {@link iterateLineProtocol}'s generator to report errors in
 *   Gnocchi's order (line by line), or an array.
 * @returns original resource id → metric name → measures, all in first-seen order. A point
 *   whose fields are all strings contributes nothing (not even its resource).
 * @throws GnocchiError 400 `Unable to find key `<tag>' in tags` (detail `key`).
 */
export function influxPointsToMeasures(points: Iterable<InfluxPoint>, options: InfluxMappingOptions): InfluxMeasures {
  const { resourceIdTag, nowUs } = options
  const out: InfluxMeasures = new Map()
  for (const p of points) {
    const resourceId = p.tags.get(resourceIdTag)
    if (resourceId === undefined) throw missingResourceIdTag(resourceIdTag)
    if (p.fields.length === 0) continue
    const tags = new Map(p.tags)
    tags.delete(resourceIdTag)
    // gnocchi-compat: Gnocchi builds timestamps in ns; we keep µs, flooring (ns are never negative).
    const timeUs = p.timestampNs === null ? nowUs : nsToUs(p.timestampNs)
    let metrics = out.get(resourceId)
    if (metrics === undefined) {
      metrics = new Map()
      out.set(resourceId, metrics)
    }
    // Replacing `/` part by part equals replacing it in the whole name; the suffix is built once.
    const suffix = tagSuffix(tags).replaceAll('/', '_')
    const measurement = p.measurement.replaceAll('/', '_')
    for (const f of p.fields) {
      appendMeasure(metrics, `${measurement}.${f.key.replaceAll('/', '_')}${suffix}`, timeUs, f.value)
    }
  }
  return out
}

/**
 * Parses and maps a `/v1/influxdb/write` body in one pass, failing on the first bad line or
 * missing tag in body order, as Gnocchi does.
 */
export function influxWriteToMeasures(body: string | Uint8Array, options: InfluxMappingOptions): InfluxMeasures {
  return influxPointsToMeasures(iterateLineProtocol(body), options)
}
