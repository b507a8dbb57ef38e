/**
 * A labelled histogram for the hot paths (every request, every storage call), rendered in the
 * Prometheus text format by itself.
 *
 * Why not prom-client's `Histogram`: its `observe` validates the label names and rebuilds the
 * label hash string on every call, children included; measured at several times the cost of
 * the timing it records (bench/monitoring.bench.ts). Here a caller looks a
 * {@link HistogramSeries} up once per label combination and keeps it; an observation is then a
 * bucket search and three additions, without allocating. prom-client still renders everything
 * else (process metrics, counters and gauges updated once per write or per scrape).
 */

/** Escapes a label value for the text format (backslash, double quote, line feed). */
function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')
}

/** Escapes HELP text for the text format (backslash, line feed). */
function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
}

/** The observations of one label combination. */
export class HistogramSeries {
  /** Observations per bucket, not cumulative; the last slot holds those above every bound. */
  private readonly perBucket: Float64Array
  private sum = 0
  /** Observations so far. */
  count = 0

  constructor(
    private readonly bounds: readonly number[],
    /** The rendered labels, `a="x",b="y"` (empty without labels). */
    readonly labelText: string,
  ) {
    this.perBucket = new Float64Array(bounds.length + 1)
  }

  /** Records one value. */
  observe(value: number): void {
    const bounds = this.bounds
    let i = 0
    while (i < bounds.length && value > bounds[i]!) i++
    this.perBucket[i]!++
    this.sum += value
    this.count++
  }

  /** The `_bucket`, `_sum` and `_count` sample lines, each ending with a line feed. */
  render(name: string): string {
    const sep = this.labelText === '' ? '' : ','
    const braces = this.labelText === '' ? '' : `{${this.labelText}}`
    let out = ''
    let cumulative = 0
    for (let i = 0; i < this.bounds.length; i++) {
      cumulative += this.perBucket[i]!
      out += `${name}_bucket{${this.labelText}${sep}le="${this.bounds[i]!}"} ${cumulative}\n`
    }
    out += `${name}_bucket{${this.labelText}${sep}le="+Inf"} ${this.count}\n`
    out += `${name}_sum${braces} ${this.sum}\n`
    out += `${name}_count${braces} ${this.count}\n`
    return out
  }
}

/** A histogram metric family: one {@link HistogramSeries} per label combination seen. */
export class HistogramFamily<L extends string> {
  private readonly all = new Map<string, HistogramSeries>()

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly labelNames: readonly L[],
    /** Upper bounds of the buckets, ascending; `+Inf` is implied. */
    private readonly bounds: readonly number[],
  ) {
    for (let i = 1; i < bounds.length; i++) {
      if (!(bounds[i]! > bounds[i - 1]!)) throw new Error(`${name}: bucket bounds must increase`)
    }
  }

  /**
   * The series of these label values, created on first use. Builds a key on every call:
   * callers on a hot path keep the result.
   */
  series(labels: Readonly<Record<L, string | number>>): HistogramSeries {
    const text = this.labelNames.map((n) => `${n}="${escapeLabelValue(String(labels[n]))}"`).join(',')
    let series = this.all.get(text)
    if (series === undefined) {
      series = new HistogramSeries(this.bounds, text)
      this.all.set(text, series)
    }
    return series
  }

  /** The family in the text format: HELP, TYPE, then every series' samples. */
  render(): string {
    let out = `# HELP ${this.name} ${escapeHelp(this.help)}\n# TYPE ${this.name} histogram\n`
    for (const series of this.all.values()) out += series.render(this.name)
    return out
  }

  /**
   * A counter family of the observation counts, per label combination (a request counter
   * beside a request-duration histogram, without counting twice).
   */
  renderCounts(name: string, help: string): string {
    let out = `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} counter\n`
    for (const series of this.all.values()) {
      out += `${name}${series.labelText === '' ? '' : `{${series.labelText}}`} ${series.count}\n`
    }
    return out
  }
}
