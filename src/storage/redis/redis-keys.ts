/**
 * Key layout. Every key of one metric carries the hash tag `{<metricId>}` so it lives on one
 * Cluster shard and a Lua script may touch all of them; index keys share the tag `{index}` so an
 * index commit and its change-stream entry are one atomic script.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  private metric(metricId: string, suffix: string): string {
    return `${this.prefix}:{${metricId}}:${suffix}`
  }

  /** Stream of the metric's unprocessed batches (fields `n` = measure count, `b` = encoded batch). */
  incoming(metricId: string): string {
    return this.metric(metricId, 'in')
  }
  /** Number of unprocessed measures of the metric. */
  incomingCount(metricId: string): string {
    return this.metric(metricId, 'inn')
  }
  /** The raw back-window buffer (binary string). */
  raw(metricId: string): string {
    return this.metric(metricId, 'raw')
  }
  /** Processing lock (token, with expiry). */
  lock(metricId: string): string {
    return this.metric(metricId, 'lock')
  }
  /** Fence counter, incremented at every lock acquisition; never deleted. */
  fence(metricId: string): string {
    return this.metric(metricId, 'fence')
  }
  /** Hash of one (aggregation, granularity) series: field = split start µs, value = split bytes. */
  series(metricId: string, aggregation: string, granularityUs: number): string {
    return this.metric(metricId, `s:${aggregation}:${granularityUs}`)
  }
  /** Set of the metric's series hash keys, so deleting a metric needs no SCAN. */
  seriesSet(metricId: string): string {
    return this.metric(metricId, 'series')
  }
  /** Set of ids of metrics that may have unprocessed batches. */
  get metricsWithIncoming(): string {
    return `${this.prefix}:{incoming}:metrics`
  }
  /** Hash of index documents: field = JSON `[kind, key]`, value = JSON document. */
  get indexDocs(): string {
    return `${this.prefix}:{index}:docs`
  }
  /** Stream of index commits (fields `o` = origin instance, `c` = JSON changes). */
  get indexChanges(): string {
    return `${this.prefix}:{index}:changes`
  }
}
