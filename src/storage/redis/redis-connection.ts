/**
 * One ioredis client (standalone or Cluster) with the behaviour the drivers need: fail fast
 * with `UNAVAILABLE` while Redis is unreachable (no offline queue, one retry, a command
 * timeout) and reconnect by itself; batched calls grouped by owning node; scripts by EVALSHA.
 */
import { Cluster, Redis, type ChainableCommander } from 'ioredis'
import { GnocchiError } from '../../model/errors.js'
import { keySlot } from './key-slot.js'
import { ALL_SCRIPTS, type LuaScript } from './redis-scripts.js'

/** Where to connect: a standalone URL, or Cluster seed nodes (`host:port` or `redis://host:port`). */
export interface RedisTarget {
  readonly url: string
  readonly cluster: readonly string[] | null
  /** Per-command timeout, ms (default 5 000). */
  readonly commandTimeoutMs?: number
}

/** One command of a batched call; `slotKey` is a key it touches (decides the Cluster node). */
export interface PipelineOp {
  readonly slotKey: string
  readonly add: (p: ChainableCommander) => void
}

const unavailable = (e: unknown): GnocchiError =>
  new GnocchiError('UNAVAILABLE', `Storage backend unavailable: ${e instanceof Error ? e.message : String(e)}`, { cause: e })

/** Redis errors that mean "try later", not "bug". */
const TRANSIENT_REPLY = /^(CLUSTERDOWN|LOADING|TRYAGAIN|MASTERDOWN|READONLY|BUSY)\b/

/** Maps anything a Redis call threw to what the storage contract promises. */
export function toStorageError(e: unknown): Error {
  if (e instanceof GnocchiError) return e
  if (e instanceof Error && e.name === 'ReplyError') return TRANSIENT_REPLY.test(e.message) ? unavailable(e) : e
  return unavailable(e)
}

function parseNode(spec: string): { host: string; port: number } {
  const url = new URL(spec.includes('://') ? spec : `redis://${spec}`)
  return { host: url.hostname, port: url.port === '' ? 6379 : Number(url.port) }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** A connected client plus helpers. */
export class RedisConnection {
  private constructor(readonly client: Redis | Cluster) {}

  /** Connects (failing with `UNAVAILABLE` if Redis does not answer) and loads the scripts. */
  static async open(target: RedisTarget): Promise<RedisConnection> {
    const commandTimeout = target.commandTimeoutMs ?? 5_000
    const common = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout,
      connectTimeout: 2_000,
    }
    const retry = (times: number): number => Math.min(times * 100, 2_000)
    const client =
      target.cluster === null
        ? new Redis(target.url, { ...common, retryStrategy: retry })
        : new Cluster(target.cluster.map(parseNode), {
            lazyConnect: true,
            enableOfflineQueue: false,
            clusterRetryStrategy: retry,
            slotsRefreshTimeout: 2_000,
            redisOptions: { maxRetriesPerRequest: 1, commandTimeout, connectTimeout: 2_000 },
          })
    // ioredis reports connection problems as 'error' events; the calls report them to callers.
    client.on('error', () => undefined)
    try {
      await client.connect()
      const conn = new RedisConnection(client)
      await conn.loadScripts()
      return conn
    } catch (e) {
      client.disconnect()
      throw toStorageError(e)
    }
  }

  /** True for a Redis Cluster client. */
  get isCluster(): boolean {
    return this.client instanceof Cluster
  }

  /** The master nodes (the client itself when standalone). */
  masters(): Redis[] {
    return this.client instanceof Cluster ? this.client.nodes('master') : [this.client]
  }

  /** Loads every script on every master (after a restart or failover the cache is empty). */
  async loadScripts(): Promise<void> {
    await Promise.all(this.masters().map((node) => Promise.all(ALL_SCRIPTS.map((s) => node.script('LOAD', s.lua)))))
  }

  /** Runs one call, mapping connection failures to `UNAVAILABLE`. */
  async call<T>(fn: (client: Redis | Cluster) => Promise<T>): Promise<T> {
    try {
      return await fn(this.client)
    } catch (e) {
      throw toStorageError(e)
    }
  }

  /** Runs a script by EVALSHA, falling back to EVAL when the node lost its script cache. */
  async script(s: LuaScript, keys: readonly string[], args: readonly (string | Buffer | number)[]): Promise<unknown> {
    try {
      try {
        return await this.client.evalsha(s.sha, keys.length, ...keys, ...args)
      } catch (e) {
        if (!(e instanceof Error) || !e.message.startsWith('NOSCRIPT')) throw e
        return await this.client.eval(s.lua, keys.length, ...keys, ...args)
      }
    } catch (e) {
      throw toStorageError(e)
    }
  }

  /**
   * Runs commands in as few round trips as possible: one pipeline when standalone, one per
   * owning node (in parallel) under Cluster. Results in the order of `ops`; the first failed
   * command's error is thrown. A batch that hit an empty script cache is retried once.
   */
  async pipeline(ops: readonly PipelineOp[]): Promise<unknown[]> {
    try {
      return await this.pipelineOnce(ops)
    } catch (e) {
      if (!(e instanceof Error) || !e.message.startsWith('NOSCRIPT')) throw toStorageError(e)
      try {
        await this.loadScripts()
        return await this.pipelineOnce(ops)
      } catch (e2) {
        throw toStorageError(e2)
      }
    }
  }

  /**
   * Runs stages one after the other, each stage's commands after every command of the previous
   * one. Standalone: a single pipeline (one connection executes in order); Cluster: one batched
   * call per stage.
   */
  async pipelineInOrder(stages: readonly (readonly PipelineOp[])[]): Promise<unknown[][]> {
    if (!this.isCluster) {
      const all = await this.pipeline(stages.flat())
      let at = 0
      return stages.map((s) => all.slice(at, (at += s.length)))
    }
    const out: unknown[][] = []
    for (const stage of stages) out.push(await this.pipeline(stage))
    return out
  }

  private async pipelineOnce(ops: readonly PipelineOp[]): Promise<unknown[]> {
    if (ops.length === 0) return []
    const client = this.client
    const groups = new Map<string, number[]>()
    if (client instanceof Cluster) {
      for (let i = 0; i < ops.length; i++) {
        const node = client.slots[keySlot(ops[i].slotKey)]?.[0] ?? ''
        const g = groups.get(node)
        if (g === undefined) groups.set(node, [i])
        else g.push(i)
      }
    } else {
      groups.set('', ops.map((_, i) => i))
    }
    const results: unknown[] = new Array(ops.length)
    await Promise.all(
      [...groups.values()].map(async (indexes) => {
        const p = client.pipeline()
        for (const i of indexes) ops[i].add(p)
        const replies = await p.exec()
        if (replies === null) throw new Error('pipeline aborted')
        replies.forEach(([err, value], j) => {
          if (err !== null) throw err
          results[indexes[j]] = value
        })
      }),
    )
    return results
  }

  /** True when every master answers PING. */
  async ping(): Promise<boolean> {
    try {
      await Promise.all(this.masters().map((m) => m.ping()))
      return true
    } catch {
      return false
    }
  }

  /** Closes the connection (politely if possible). */
  async close(): Promise<void> {
    try {
      await Promise.race([this.client.quit(), sleep(1_000).then(() => Promise.reject(new Error('quit timed out')))])
    } catch {
      this.client.disconnect()
    }
  }
}
