/**
 * What `polenta check` tells about a Redis deployment: server version, standalone or Cluster,
 * and whether each master writes an append-only file. Read with `INFO`, on a connection of its
 * own (the storage driver does not expose its client), never writing anything.
 */
import { Cluster, Redis } from 'ioredis'

/** One Redis server (a Cluster master, or the standalone server). */
export interface RedisNodeInfo {
  /** `host:port`. */
  readonly address: string
  readonly version: string | null
  /** `standalone`, `cluster` or `sentinel` as INFO says. */
  readonly mode: string | null
  /** `aof_enabled` of INFO persistence; null when INFO does not say. */
  readonly aof: boolean | null
  /** Seconds since the last RDB save; null when unknown. */
  readonly lastSaveAgeSeconds: number | null
}

/** The servers behind the configured Redis. */
export interface RedisInfo {
  readonly mode: 'standalone' | 'cluster'
  readonly nodes: readonly RedisNodeInfo[]
}

/** Parses `INFO` text into `key → value`. */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue
    const colon = line.indexOf(':')
    if (colon > 0) out.set(line.slice(0, colon), line.slice(colon + 1))
  }
  return out
}

async function nodeInfo(node: Redis, address: string): Promise<RedisNodeInfo> {
  const info = parseInfo(`${await node.info('server')}\n${await node.info('persistence')}`)
  const aof = info.get('aof_enabled')
  const lastSave = Number(info.get('rdb_last_save_time'))
  return {
    address,
    version: info.get('redis_version') ?? null,
    mode: info.get('redis_mode') ?? null,
    aof: aof === undefined ? null : aof === '1',
    lastSaveAgeSeconds: Number.isFinite(lastSave) && lastSave > 0 ? Math.max(0, Math.round(Date.now() / 1000 - lastSave)) : null,
  }
}

function parseNode(spec: string): { host: string; port: number } {
  const url = new URL(spec.includes('://') ? spec : `redis://${spec}`)
  return { host: url.hostname, port: url.port === '' ? 6379 : Number(url.port) }
}

/**
 * Connects, keeping the socket error: ioredis rejects `connect()` with a bare "Connection is
 * closed." when it gives up, while the reason (ECONNREFUSED, ETIMEDOUT, …) only reaches the
 * 'error' event.
 */
async function connect(client: Redis | Cluster): Promise<void> {
  let socketError: Error | null = null
  client.on('error', (e: Error) => {
    socketError = e
  })
  try {
    await client.connect()
  } catch (e) {
    throw socketError ?? e
  }
}

/** Reads INFO from the standalone server or from every Cluster master. */
export async function probeRedis(target: { readonly url: string; readonly cluster: readonly string[] | null }): Promise<RedisInfo> {
  const options = { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: 5_000, retryStrategy: () => null }
  if (target.cluster === null) {
    const client = new Redis(target.url, options)
    try {
      await connect(client)
      return { mode: 'standalone', nodes: [await nodeInfo(client, `${client.options.host ?? '?'}:${client.options.port ?? '?'}`)] }
    } finally {
      client.disconnect()
    }
  }
  const client = new Cluster(target.cluster.map(parseNode), { lazyConnect: true, enableOfflineQueue: false, redisOptions: options, clusterRetryStrategy: () => null })
  try {
    await connect(client)
    const masters = client.nodes('master')
    return { mode: 'cluster', nodes: await Promise.all(masters.map((n) => nodeInfo(n, `${n.options.host ?? '?'}:${n.options.port ?? '?'}`))) }
  } finally {
    client.disconnect()
  }
}
