/**
 * Redis for tests: the local server CI always runs (`REDIS_URL`, default 127.0.0.1:6379), a
 * unique key prefix per test run, and SCAN+DEL of that prefix afterwards. Never skipped.
 */
import { randomBytes } from 'node:crypto'
import { Cluster, Redis } from 'ioredis'

/** The standalone Redis the tests use. */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

/** A prefix no other test run uses. */
export function uniquePrefix(label: string): string {
  return `polenta-test-${label}-${randomBytes(6).toString('hex')}`
}

async function deleteMatching(node: Redis, pattern: string): Promise<number> {
  let cursor = '0'
  let deleted = 0
  do {
    const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)
    cursor = next
    // One key per DEL: under Cluster the keys of one page live in different slots.
    for (const k of keys) deleted += await node.del(k)
  } while (cursor !== '0')
  return deleted
}

/** Deletes every key under each prefix on a standalone Redis or on every master of a Cluster. */
export async function cleanupPrefixes(prefixes: readonly string[], cluster: readonly { host: string; port: number }[] | null = null): Promise<number> {
  if (prefixes.length === 0) return 0
  let deleted = 0
  if (cluster === null) {
    const client = new Redis(TEST_REDIS_URL, { lazyConnect: true })
    await client.connect()
    try {
      for (const p of prefixes) deleted += await deleteMatching(client, `${p}:*`)
    } finally {
      client.disconnect()
    }
    return deleted
  }
  const client = new Cluster([...cluster], { lazyConnect: true })
  await client.connect()
  try {
    for (const node of client.nodes('master')) for (const p of prefixes) deleted += await deleteMatching(node, `${p}:*`)
  } finally {
    client.disconnect()
  }
  return deleted
}
