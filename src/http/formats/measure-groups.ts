/**
 * The shape both push formats (InfluxDB, Prometheus) decode into: measures grouped by the
 * resource's *original* id (before the §1.8 transform, which needs the caller's creator and is
 * the route's job), then by metric name, as two parallel columns.
 */

/** Measures of one metric, in arrival order (not sorted, not deduplicated). */
export interface MeasureColumns {
  /** Integer microseconds since the epoch. */
  readonly timesUs: number[]
  /** Same length as {@link timesUs}. */
  readonly values: number[]
}

/** Metric name → its measures, in first-seen order. */
export type MetricMeasures = Map<string, MeasureColumns>

/** Appends one measure to `metrics[name]`, creating the columns on first use. */
export function appendMeasure(metrics: MetricMeasures, name: string, timeUs: number, value: number): void {
  let cols = metrics.get(name)
  if (cols === undefined) {
    cols = { timesUs: [], values: [] }
    metrics.set(name, cols)
  }
  cols.timesUs.push(timeUs)
  cols.values.push(value)
}

/** Python's default `str` ordering: by code point (JS `<` compares UTF-16 units instead). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    // A surrogate starts an astral code point, which sorts after every BMP character,
    // including U+E000..U+FFFF whose code units are larger.
    const xs = x >= 0xd800 && x <= 0xdfff
    const ys = y >= 0xd800 && y <= 0xdfff
    if (xs !== ys) return xs ? 1 : -1
    return x - y
  }
  return a.length - b.length
}
