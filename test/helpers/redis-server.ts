/**
 * Private `redis-server` processes for tests that need a server of their own (a three-master
 * Cluster, a server with CONFIG disabled, one to stop and restart), on free loopback ports in a
 * temporary directory, torn down afterwards.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer()
    srv.once('error', () => resolve(false))
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)))
  })
}

/** A free loopback port whose cluster bus port (port + 10000) is free too. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 30_000)
    if ((await portFree(port)) && (await portFree(port + 10_000))) return port
  }
}

/** A running private server. */
export interface RedisServer {
  readonly port: number
  readonly dir: string
  /** Stops the process (SIGKILL: like a crash) and waits for it to exit. */
  kill(): Promise<void>
  /** Starts the process again on the same port and directory. */
  restart(): Promise<void>
  /** Kills the process and removes its directory. */
  stop(): Promise<void>
}

async function waitForPing(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 })
    client.on('error', () => undefined)
    try {
      await client.connect()
      await client.ping()
      return
    } catch (e) {
      if (Date.now() > deadline) throw e
      await sleep(30)
    } finally {
      client.disconnect()
    }
  }
}

/** Starts `redis-server` with extra arguments (e.g. `['--cluster-enabled', 'yes']`). */
export async function startRedisServer(args: readonly string[] = []): Promise<RedisServer> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), `polenta-redis-${port}-`))
  let proc: ChildProcess
  const start = async (): Promise<void> => {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', ...args], {
      stdio: 'ignore',
    })
    await waitForPing(port, 5_000)
  }
  await start()
  const kill = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve()
      proc.once('exit', () => resolve())
      proc.kill('SIGKILL')
    })
  return {
    port,
    dir,
    kill,
    restart: start,
    stop: async () => {
      await kill()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A three-master Cluster. */
export interface RedisClusterHandle {
  readonly nodes: readonly { host: string; port: number }[]
  stop(): Promise<void>
}

/** Starts three `--cluster-enabled yes` servers and forms a Cluster of three masters. */
export async function startRedisCluster(): Promise<RedisClusterHandle> {
  const servers = await Promise.all([0, 1, 2].map(() => startRedisServer(['--cluster-enabled', 'yes', '--cluster-node-timeout', '2000'])))
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.stop()))
  }
  try {
    const created = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...servers.map((s) => `127.0.0.1:${s.port}`), '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8', timeout: 15_000 },
    )
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`)
    const deadline = Date.now() + 10_000
    for (const s of servers) {
      const client = new Redis({ port: s.port, host: '127.0.0.1' })
      try {
        while (!(await client.cluster('INFO')).includes('cluster_state:ok')) {
          if (Date.now() > deadline) throw new Error(`cluster node ${s.port} never reached cluster_state:ok`)
          await sleep(50)
        }
      } finally {
        client.disconnect()
      }
    }
  } catch (e) {
    await stop()
    throw e
  }
  return { nodes: servers.map((s) => ({ host: '127.0.0.1', port: s.port })), stop }
}
