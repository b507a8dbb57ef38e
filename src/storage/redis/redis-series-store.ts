/**
 * {@link SeriesStore} on Redis. Incoming batches: a stream per metric plus a set of metrics with
 * incoming data; raw buffer: a binary string; splits: one hash per (metric, aggregation,
 * granularity) keyed by split start. The processing lock is `SET NX PX` with a token, renewed
 * while held, with an `INCR` fence that `commitProcessing` checks inside its script.
 */
import { randomUUID } from 'node:crypto'
import type {
  IncomingEntry,
  MeasureBatch,
  MetricLock,
  ProcessingCommit,
  SeriesStore,
  SplitKey,
  SplitRangeRequest,
  StoredSplit,
} from '../types.js'
import { GnocchiError } from '../../model/errors.js'
import { decodeBatch, encodeBatch } from '../memory/batch-codec.js'
import { lockTimeout, staleFence } from '../memory/keyed-mutex.js'
import { DEFAULT_LOCK_TIMEOUT_MS } from '../memory/memory-series-store.js'
import type { RedisConnection, PipelineOp } from './redis-connection.js'
import type { RedisKeys } from './redis-keys.js'
import { keySlot } from './key-slot.js'
import { ACQUIRE_LOCK, COMMIT_PROCESSING, DELETE_METRIC, HAS_INCOMING, READ_RANGES, RELEASE_LOCK, RENEW_LOCK } from './redis-scripts.js'

/** Tunables of the Redis series store. */
export interface RedisSeriesOptions {
  /** Expiry of a processing lock, ms; renewed every third of it while held (default 30 000). */
  readonly lockTtlMs?: number
}

/** Most keys one batched read script takes; larger reads are split into several calls of one pipeline. */
const KEYS_PER_SCRIPT = 1_000

const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength)
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** The Redis driver's series store. */
export class RedisSeriesStore implements SeriesStore {
  private readonly lockTtlMs: number

  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
    options: RedisSeriesOptions = {},
  ) {
    this.lockTtlMs = options.lockTtlMs ?? 30_000
  }

  async appendIncoming(items: readonly { readonly metricId: string; readonly batch: MeasureBatch }[]): Promise<void> {
    if (items.length === 0) return
    const k = this.keys
    const writes: PipelineOp[] = []
    for (const { metricId, batch } of items) {
      const stream = k.incoming(metricId)
      const count = k.incomingCount(metricId)
      const bytes = asBuffer(encodeBatch(batch))
      const n = batch.timesUs.length
      writes.push({ slotKey: stream, add: (p) => p.xadd(stream, '*', 'n', String(n), 'b', bytes) })
      writes.push({ slotKey: count, add: (p) => p.incrby(count, n) })
    }
    const ids = [...new Set(items.map((i) => i.metricId))]
    // The set is written after the data: a processor that empties a queue removes the metric
    // from the set and then re-checks the queue, so no metric with data can stay out of it.
    const mark: PipelineOp = { slotKey: k.metricsWithIncoming, add: (p) => p.sadd(k.metricsWithIncoming, ...ids) }
    await this.conn.pipelineInOrder([writes, [mark]])
  }

  async readIncoming(metricId: string): Promise<IncomingEntry[]> {
    const raw = await this.conn.call((c) => c.xrangeBuffer(this.keys.incoming(metricId), '-', '+'))
    return raw.map(([id, fields]) => {
      let bytes: Buffer | undefined
      for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i].toString() === 'b') bytes = fields[i + 1]
      if (bytes === undefined) throw new GnocchiError('UNAVAILABLE', `Storage backend unavailable: malformed incoming entry ${id.toString()} of metric ${metricId}`)
      return { id: id.toString(), batch: decodeBatch(bytes) }
    })
  }

  async metricsWithIncoming(): Promise<string[]> {
    return this.conn.call((c) => c.smembers(this.keys.metricsWithIncoming))
  }

  /**
   * The streams themselves are asked, not the set of metrics with incoming data: a drained
   * metric leaves the set and re-enters it if a batch raced in, so the set can miss an
   * acknowledged batch for a moment. One script call per Cluster slot and 1 000 metrics, all in one
   * pipeline per node.
   */
  async hasIncoming(metricIds: readonly string[]): Promise<boolean[]> {
    if (metricIds.length === 0) return []
    const streams = metricIds.map((id) => this.keys.incoming(id))
    const members = this.bySlot(streams)
    const replies = await this.conn.pipeline(
      members.map((idx) => {
        const keys = idx.map((i) => streams[i])
        return { slotKey: keys[0], add: (p) => p.evalsha(HAS_INCOMING.sha, keys.length, ...keys) }
      }),
    )
    const out = new Array<boolean>(metricIds.length)
    members.forEach((idx, g) => {
      const flags = replies[g] as number[]
      idx.forEach((i, j) => (out[i] = flags[j] === 1))
    })
    return out
  }

  /**
   * Indexes of `keys` grouped so that each group may go to one script call: a script's keys must
   * share a Cluster slot (standalone, any keys may), and a group holds at most
   * {@link KEYS_PER_SCRIPT} of them.
   */
  private bySlot(keys: readonly string[]): number[][] {
    const groups = new Map<number, number[]>()
    for (let i = 0; i < keys.length; i++) {
      const slot = this.conn.isCluster ? keySlot(keys[i]) : 0
      const g = groups.get(slot)
      if (g === undefined) groups.set(slot, [i])
      else g.push(i)
    }
    // Bounded, so one script never holds Redis (single-threaded) for long on a huge read.
    const out: number[][] = []
    for (const g of groups.values()) for (let at = 0; at < g.length; at += KEYS_PER_SCRIPT) out.push(g.slice(at, at + KEYS_PER_SCRIPT))
    return out
  }

  async incomingBacklog(): Promise<{ readonly metrics: number; readonly measures: number }> {
    const ids = await this.metricsWithIncoming()
    const counts = await this.conn.pipeline(
      ids.map((id) => {
        const key = this.keys.incomingCount(id)
        return { slotKey: key, add: (p) => p.get(key) }
      }),
    )
    let metrics = 0
    let measures = 0
    for (const c of counts) {
      const n = Number(c ?? 0)
      if (n > 0) {
        metrics += 1
        measures += n
      }
    }
    return { metrics, measures }
  }

  async withMetricLock<T>(metricId: string, fn: (lock: MetricLock) => Promise<T>, timeoutMs = DEFAULT_LOCK_TIMEOUT_MS): Promise<T> {
    const lockKey = this.keys.lock(metricId)
    const token = randomUUID()
    const deadline = Date.now() + timeoutMs
    let backoffMs = 5
    let fence: number
    for (;;) {
      fence = Number(await this.conn.script(ACQUIRE_LOCK, [lockKey, this.keys.fence(metricId)], [token, this.lockTtlMs]))
      if (fence > 0) break
      const left = deadline - Date.now()
      if (left <= 0) throw lockTimeout(metricId, timeoutMs)
      // Jittered exponential backoff so waiters on one metric do not poll in lockstep.
      await sleep(Math.min(left, backoffMs * (0.5 + Math.random())))
      backoffMs = Math.min(backoffMs * 2, 250)
    }
    const renew = setInterval(() => {
      this.conn.script(RENEW_LOCK, [lockKey], [token, this.lockTtlMs]).catch(() => undefined)
    }, Math.max(10, Math.floor(this.lockTtlMs / 3)))
    renew.unref()
    try {
      return await fn({ metricId, fence })
    } finally {
      clearInterval(renew)
      // If Redis is gone the lock simply expires.
      await this.conn.script(RELEASE_LOCK, [lockKey], [token]).catch(() => undefined)
    }
  }

  async readRawBuffer(metricId: string): Promise<Uint8Array | null> {
    return this.conn.call((c) => c.getBuffer(this.keys.raw(metricId)))
  }

  async listSplits(metricId: string, aggregation: string, granularityUs: number): Promise<number[]> {
    const fields = await this.conn.call((c) => c.hkeys(this.keys.series(metricId, aggregation, granularityUs)))
    return fields.map(Number).sort((a, b) => a - b)
  }

  async commitProcessing(lock: MetricLock, commit: ProcessingCommit): Promise<void> {
    const { metricId } = lock
    const k = this.keys
    const seriesKeys: string[] = []
    const seriesIndex = (key: SplitKey): number => {
      const sk = k.series(metricId, key.aggregation, key.granularityUs)
      let i = seriesKeys.indexOf(sk)
      if (i === -1) i = seriesKeys.push(sk) - 1
      return i + 1
    }
    const args: (string | Buffer | number)[] = [lock.fence, commit.processedIncomingIds.length, ...commit.processedIncomingIds]
    args.push(commit.rawBuffer === null ? '0' : '1', commit.rawBuffer === null ? '' : asBuffer(commit.rawBuffer))
    args.push(commit.putSplits.length)
    for (const { key, bytes } of commit.putSplits) args.push(seriesIndex(key), String(key.startUs), asBuffer(bytes))
    args.push(commit.deleteSplits.length)
    for (const key of commit.deleteSplits) args.push(seriesIndex(key), String(key.startUs))
    let left: number
    try {
      left = Number(
        await this.conn.script(
          COMMIT_PROCESSING,
          [k.fence(metricId), k.incoming(metricId), k.incomingCount(metricId), k.raw(metricId), k.seriesSet(metricId), ...seriesKeys],
          args,
        ),
      )
    } catch (e) {
      if (e instanceof Error && e.message.startsWith('POLENTA_FENCE')) throw staleFence(metricId, lock.fence)
      throw e
    }
    if (left === 0 && commit.processedIncomingIds.length > 0) await this.unmarkIfDrained(metricId)
  }

  /** Removes a drained metric from the incoming set, then puts it back if a batch raced in. */
  private async unmarkIfDrained(metricId: string): Promise<void> {
    const set = this.keys.metricsWithIncoming
    const stream = this.keys.incoming(metricId)
    const [, [len]] = await this.conn.pipelineInOrder([[{ slotKey: set, add: (p) => p.srem(set, metricId) }], [{ slotKey: stream, add: (p) => p.xlen(stream) }]])
    if (Number(len) > 0) await this.conn.call((c) => c.sadd(set, metricId))
  }

  async readSplits(requests: readonly SplitRangeRequest[]): Promise<StoredSplit[][]> {
    if (requests.length === 0) return []
    const keys = requests.map((r) => this.keys.series(r.metricId, r.aggregation, r.granularityUs))
    const groups = this.bySlot(keys)
    const replies = await this.conn.pipeline(
      groups.map((idx) => {
        const args: (string | number)[] = [READ_RANGES.sha, idx.length]
        for (const i of idx) args.push(keys[i])
        for (const i of idx) {
          const r = requests[i]
          args.push(r.fromUs === null ? '' : String(r.fromUs), r.toUs === null ? '' : String(r.toUs), String(r.splitWidthUs))
        }
        return { slotKey: keys[idx[0]], add: (p) => p.callBuffer('evalsha', args) }
      }),
    )
    const out = new Array<StoredSplit[]>(requests.length)
    groups.forEach((idx, g) => {
      const perKey = replies[g] as Buffer[][]
      idx.forEach((i, j) => {
        const { aggregation, granularityUs } = requests[i]
        const flat = perKey[j]
        const splits: StoredSplit[] = []
        for (let k = 0; k + 1 < flat.length; k += 2) splits.push({ key: { aggregation, granularityUs, startUs: Number(flat[k].toString()) }, bytes: flat[k + 1] })
        out[i] = splits
      })
    })
    return out
  }

  async readSplitsByKey(metricId: string, keys: readonly SplitKey[]): Promise<(Uint8Array | null)[]> {
    if (keys.length === 0) return []
    const bySeries = new Map<string, number[]>()
    keys.forEach((key, i) => {
      const sk = this.keys.series(metricId, key.aggregation, key.granularityUs)
      const list = bySeries.get(sk)
      if (list === undefined) bySeries.set(sk, [i])
      else list.push(i)
    })
    const groups = [...bySeries]
    const replies = await this.conn.pipeline(
      groups.map(([sk, idx]) => ({ slotKey: sk, add: (p) => p.hmgetBuffer(sk, ...idx.map((i) => String(keys[i].startUs))) })),
    )
    const out: (Uint8Array | null)[] = new Array(keys.length).fill(null)
    groups.forEach(([, idx], g) => {
      const values = replies[g] as (Buffer | null)[]
      idx.forEach((i, j) => (out[i] = values[j]))
    })
    return out
  }

  async deleteMetricData(metricId: string): Promise<void> {
    const k = this.keys
    await this.conn.script(DELETE_METRIC, [k.incoming(metricId), k.incomingCount(metricId), k.raw(metricId), k.seriesSet(metricId)], [])
    await this.conn.call((c) => c.srem(k.metricsWithIncoming, metricId))
  }
}
