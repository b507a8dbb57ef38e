/**
 * Evaluation of an operations tree on one aligned grid (gnocchi-aggregates.md §2.6, §4).
 * One exhaustive switch over the node kinds; every operator works on column-major
 * Float64Arrays without per-point allocation.
 */
import type { AggregateNode, BinaryNode, ClipNode, MetricNode, OpNode, ResampleNode, RollingNode, UnaryNode } from '../../grammar/operations/ast.js'
import { invalidInput, unaggregable } from '../../model/errors.js'
import { makeFrame, type Evaluated, type Frame } from './frame.js'
import { parseMethod } from './methods.js'
import { reduceAcrossColumns, reduceWindow } from './nan-reduce.js'
import { BINARY_FUNCS, clipValue, UNARY_FUNCS } from './operators.js'
import { pyNodeRepr } from './py-format.js'
import { bucketize, reduceBuckets } from './resample.js'

/** What every node sees: the aligned grid and the lookup keys of its columns. */
export interface EvalContext {
  /** The aligned grid `V` of §2.5 (not aggregated). */
  readonly grid: Frame
  /** Lookup key of each grid column, `[pattern | key, aggregation]`; also the error `detail`. */
  readonly lookups: readonly (readonly [string, string])[]
  /** Maps a name written in a `metric` node to the form used in lookup keys (id mode: canonical UUID). */
  readonly normalizeName: (name: string) => string
}

/** Evaluates `node` on the context's grid. */
export function evaluate(node: OpNode, ctx: EvalContext): Evaluated {
  switch (node.kind) {
    case 'number':
      return { kind: 'scalar', value: node.value, isAggregated: false }
    case 'metric':
      return selectMetrics(node, ctx)
    case 'unary':
      return evalUnary(node, ctx)
    case 'binary':
      return evalBinary(node, ctx)
    case 'clip':
      return evalClip(node, ctx)
    case 'aggregate':
      return evalAggregate(node, ctx)
    case 'rolling':
      return evalRolling(node, ctx)
    case 'resample':
      return evalResample(node, ctx)
  }
}

function detail(ctx: EvalContext): string[][] {
  return ctx.lookups.map((l) => [l[0], l[1]])
}

function requireFrame(value: Evaluated, node: OpNode, ctx: EvalContext): Frame {
  if (value.kind === 'frame') return value
  // gnocchi-compat: 4.4.2 fails with a 500 (NumPy axis error); we answer 400 instead
  throw unaggregable(`Operation ${pyNodeRepr(node)} needs a timeseries operand`, detail(ctx))
}

/** §4.1: the grid columns whose lookup key is listed, in series-list order. */
function selectMetrics(node: MetricNode, ctx: EvalContext): Frame {
  const { lookups } = ctx
  // Fast path, no string building: the node lists exactly the series list, in order (the
  // usual `(aggregate … (metric (A m) (B m) …))`), so it selects the whole grid.
  if (node.refs.length === lookups.length && node.refs.every((r, i) => {
    const l = lookups[i]!
    return r.aggregation === l[1] && (r.name === l[0] || ctx.normalizeName(r.name) === l[0])
  })) {
    return { ...ctx.grid, isAggregated: false }
  }
  const wanted = new Set(node.refs.map((r) => `${ctx.normalizeName(r.name)}\u0000${r.aggregation}`))
  const { grid } = ctx
  const picked: number[] = []
  ctx.lookups.forEach((l, j) => {
    if (wanted.has(`${l[0]}\u0000${l[1]}`)) picked.push(j)
  })
  // Frames are immutable, so a contiguous run of columns (the usual case: all of them) is a view
  const first = picked[0] ?? 0
  if (picked.every((j, c) => j === first + c)) {
    const view = grid.values.subarray(first * grid.rows, (first + picked.length) * grid.rows)
    return makeFrame(grid.granularityUs, grid.timestampsUs, picked.length, view, false)
  }
  const out = new Float64Array(grid.rows * picked.length)
  picked.forEach((j, c) => out.set(grid.values.subarray(j * grid.rows, (j + 1) * grid.rows), c * grid.rows))
  return makeFrame(grid.granularityUs, grid.timestampsUs, picked.length, out, false)
}

function evalUnary(node: UnaryNode, ctx: EvalContext): Evaluated {
  const input = evaluate(node.input, ctx)
  if (node.op === 'rateofchange') {
    const f = requireFrame(input, node, ctx)
    const rows = Math.max(f.rows - 1, 0)
    const out = new Float64Array(rows * f.cols)
    for (let j = 0; j < f.cols; j++) {
      const src = j * f.rows
      const dst = j * rows
      for (let i = 0; i < rows; i++) out[dst + i] = f.values[src + i + 1]! - f.values[src + i]!
    }
    return makeFrame(f.granularityUs, f.timestampsUs.slice(1), f.cols, out, f.isAggregated)
  }
  const fn = UNARY_FUNCS[node.op]
  if (input.kind === 'scalar') return { ...input, value: fn(input.value) }
  const out = new Float64Array(input.values.length)
  for (let i = 0; i < out.length; i++) out[i] = fn(input.values[i]!)
  return makeFrame(input.granularityUs, input.timestampsUs, input.cols, out, input.isAggregated)
}

function sameTimestamps(a: Frame, b: Frame): boolean {
  if (a.granularityUs !== b.granularityUs || a.rows !== b.rows) return false
  for (let i = 0; i < a.rows; i++) if (a.timestampsUs[i] !== b.timestampsUs[i]) return false
  return true
}

function broadcastCols(a: Frame, b: Frame, ctx: EvalContext): number {
  if (a.cols === b.cols || b.cols === 1) return a.cols
  if (a.cols === 1) return b.cols
  // gnocchi-compat: NumPy broadcasting error, a 500 in 4.4.2; a 400 here
  throw unaggregable(`Can't broadcast timeseries of ${a.cols} and ${b.cols} metrics`, detail(ctx))
}

/** §4.3. */
function evalBinary(node: BinaryNode, ctx: EvalContext): Evaluated {
  const left = evaluate(node.left, ctx)
  const right = evaluate(node.right, ctx)
  const fn = BINARY_FUNCS[node.op]
  if (left.kind === 'scalar' && right.kind === 'scalar') {
    return { kind: 'scalar', value: fn(left.value, right.value), isAggregated: left.isAggregated || right.isAggregated }
  }
  if (left.kind === 'frame' && right.kind === 'frame') {
    if (!sameTimestamps(left, right)) {
      throw unaggregable(
        `Can't compute timeseries with different granularity ${pyNodeRepr(node.left)} <> ${pyNodeRepr(node.right)}`,
        detail(ctx),
      )
    }
    const cols = broadcastCols(left, right, ctx)
    const rows = left.rows
    const out = new Float64Array(rows * cols)
    const lStep = left.cols === 1 ? 0 : rows
    const rStep = right.cols === 1 ? 0 : rows
    for (let j = 0; j < cols; j++) {
      const lb = j * lStep
      const rb = j * rStep
      const ob = j * rows
      for (let i = 0; i < rows; i++) out[ob + i] = fn(left.values[lb + i]!, right.values[rb + i]!)
    }
    // gnocchi-compat: two series operands make the result "aggregated" (first column only),
    // see gnocchi/rest/aggregates/operations.py handle_binary_operator
    return makeFrame(left.granularityUs, left.timestampsUs, cols, out, true)
  }
  const isAggregated = left.isAggregated || right.isAggregated
  if (left.kind === 'frame') {
    const b = (right as { value: number }).value
    const out = new Float64Array(left.values.length)
    for (let i = 0; i < out.length; i++) out[i] = fn(left.values[i]!, b)
    return makeFrame(left.granularityUs, left.timestampsUs, left.cols, out, isAggregated)
  }
  const a = left.value
  const f = right as Frame
  const out = new Float64Array(f.values.length)
  for (let i = 0; i < out.length; i++) out[i] = fn(a, f.values[i]!)
  return makeFrame(f.granularityUs, f.timestampsUs, f.cols, out, isAggregated)
}

/** §4.4: `numpy.clip(S, lo, hi)` with broadcasting; timestamps of the first series among lo, hi, S. */
function evalClip(node: ClipNode, ctx: EvalContext): Evaluated {
  const s = evaluate(node.input, ctx)
  const lo = evaluate(node.lower, ctx)
  const hi = node.upper === undefined ? undefined : evaluate(node.upper, ctx)
  const operands = [s, lo, ...(hi === undefined ? [] : [hi])]
  const isAggregated = operands.some((o) => o.isAggregated)
  const frames = [lo, hi, s].filter((o): o is Frame => o !== undefined && o.kind === 'frame')
  const ref = frames[0]
  if (ref === undefined) {
    const v = clipValue((s as { value: number }).value, (lo as { value: number }).value, hi === undefined ? undefined : (hi as { value: number }).value)
    return { kind: 'scalar', value: v, isAggregated }
  }
  let cols = 1
  for (const f of frames) {
    if (f.rows !== ref.rows) {
      // gnocchi-compat: 500 in 4.4.2 (shape mismatch); reported like the binary-operator case here
      throw unaggregable(`Can't compute timeseries with different granularity ${pyNodeRepr(node.input)} <> ${pyNodeRepr(node.lower)}`, detail(ctx))
    }
    if (f.cols !== 1) {
      if (cols !== 1 && cols !== f.cols) throw unaggregable(`Can't broadcast timeseries of ${cols} and ${f.cols} metrics`, detail(ctx))
      cols = f.cols
    }
  }
  const rows = ref.rows
  const out = new Float64Array(rows * cols)
  const at = (o: Evaluated, j: number, i: number): number =>
    o.kind === 'scalar' ? o.value : o.values[(o.cols === 1 ? 0 : j * rows) + i]!
  for (let j = 0; j < cols; j++) {
    for (let i = 0; i < rows; i++) {
      out[j * rows + i] = clipValue(at(s, j, i), at(lo, j, i), hi === undefined ? undefined : at(hi, j, i))
    }
  }
  return makeFrame(ref.granularityUs, ref.timestampsUs, cols, out, isAggregated)
}

function diffColumn(values: Float64Array): Float64Array {
  const n = Math.max(values.length - 1, 0)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = values[i + 1]! - values[i]!
  return out
}

/** §4.5: reduce columns to one, NaN-ignoring; `rate:` differences the result. */
function evalAggregate(node: AggregateNode, ctx: EvalContext): Frame {
  const f = requireFrame(evaluate(node.input, ctx), node, ctx)
  const { base, rate } = parseMethod(node.method)
  const reduced = reduceAcrossColumns(base, f.values, f.rows, f.cols)
  if (!rate) return makeFrame(f.granularityUs, f.timestampsUs, 1, reduced, true)
  return makeFrame(f.granularityUs, f.timestampsUs.slice(1), 1, diffColumn(reduced), true)
}

/** §4.6: per column, NaN-ignoring windows of `window` grid rows. */
function evalRolling(node: RollingNode, ctx: EvalContext): Frame {
  const f = requireFrame(evaluate(node.input, ctx), node, ctx)
  const w = node.window
  if (w > f.rows) {
    throw unaggregable(`Rolling window '${w}' is greater than serie length '${f.rows}'`, detail(ctx))
  }
  const { base, rate } = parseMethod(node.method)
  const n = f.rows - w + 1
  const scratch = new Float64Array(w)
  // gnocchi-compat: nanmedian's small-array path depends on the strided view's total size
  const small = f.cols * n * w < 600
  const outRows = rate ? n - 1 : n
  const out = new Float64Array(outRows * f.cols)
  const col = new Float64Array(n)
  for (let j = 0; j < f.cols; j++) {
    const base0 = j * f.rows
    for (let i = 0; i < n; i++) col[i] = reduceWindow(base, f.values, base0 + i, w, scratch, small)
    if (rate) {
      for (let i = 0; i < outRows; i++) out[j * outRows + i] = col[i + 1]! - col[i]!
    } else {
      out.set(col, j * n)
    }
  }
  const ts = f.timestampsUs.slice(rate ? w : w - 1)
  return makeFrame(f.granularityUs, ts, f.cols, out, f.isAggregated)
}

/** §4.7: re-bucket each column with the archive aggregation functions. */
function evalResample(node: ResampleNode, ctx: EvalContext): Frame {
  const f = requireFrame(evaluate(node.input, ctx), node, ctx)
  const { base, rate } = parseMethod(node.method)
  if (base === 'var') {
    // gnocchi-compat: 4.4.2 accepts `var` and then fails (500); master rejects it at schema level
    throw invalidInput("'resample' operation invalid for dictionary value @ data['operations']", ['operations'])
  }
  // gnocchi-compat: Gnocchi works in ns; a sub-µs resample granularity cannot be represented here
  const gUs = Math.max(1, Math.round(node.granularitySec * 1e6))
  let ts: Float64Array = f.timestampsUs
  let source: Float64Array = f.values
  let rows = f.rows
  if (rate) {
    rows = Math.max(f.rows - 1, 0)
    const diffed = new Float64Array(rows * f.cols)
    for (let j = 0; j < f.cols; j++) {
      for (let i = 0; i < rows; i++) diffed[j * rows + i] = f.values[j * f.rows + i + 1]! - f.values[j * f.rows + i]!
    }
    ts = f.timestampsUs.slice(1)
    source = diffed
  }
  const buckets = bucketize(ts, gUs, base === 'std')
  const outRows = buckets.timestampsUs.length
  const out = new Float64Array(outRows * f.cols)
  for (let j = 0; j < f.cols; j++) reduceBuckets(base, source.subarray(j * rows, (j + 1) * rows), buckets, out.subarray(j * outRows, (j + 1) * outRows))
  const outTs = buckets.timestampsUs
  return makeFrame(gUs, outTs, f.cols, out, f.isAggregated)
}
