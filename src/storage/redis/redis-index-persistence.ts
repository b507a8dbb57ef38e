/**
 * {@link IndexPersistence} on Redis: documents in one hash, every commit also appended to a
 * change stream in the same script, which other processes tail with `XREAD` from their cursor.
 */
import { randomUUID } from 'node:crypto'
import { conflict } from '../../model/errors.js'
import type { IndexChange, IndexDocument, IndexPersistence } from '../types.js'
import type { RedisConnection } from './redis-connection.js'
import type { RedisKeys } from './redis-keys.js'
import { INDEX_COMMIT } from './redis-scripts.js'

/** Approximate length the change stream is trimmed to; a process that falls further behind must reload. */
export const CHANGE_STREAM_MAX_LENGTH = 100_000

const field = (kind: string, key: string): string => JSON.stringify([kind, key])

type StreamEntry = [id: string, fields: string[]]

/** The Redis driver's index persistence. */
export class RedisIndexPersistence implements IndexPersistence {
  /** Identifies this process's own commits in the change stream, so polling skips them. */
  private readonly origin = randomUUID()
  /** Id of the last change-stream entry seen; null before `loadAll` or the first poll. */
  private cursor: string | null = null

  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  async loadAll(): Promise<IndexDocument[]> {
    const { indexDocs, indexChanges } = this.keys
    // One MULTI on one slot: the documents and the stream position are one consistent snapshot.
    const replies = await this.conn.call((c) => c.multi().hgetall(indexDocs).xrevrange(indexChanges, '+', '-', 'COUNT', 1).exec())
    if (replies === null) throw new Error('index snapshot transaction aborted')
    const [[e1, docs], [e2, last]] = replies as [[Error | null, Record<string, string>], [Error | null, StreamEntry[]]]
    if (e1 !== null) throw e1
    if (e2 !== null) throw e2
    this.cursor = last.length > 0 ? last[0][0] : '0-0'
    return Object.entries(docs).map(([f, json]) => {
      const [kind, key] = JSON.parse(f) as [string, string]
      return { kind, key, value: JSON.parse(json) as unknown }
    })
  }

  async commit(changes: readonly IndexChange[]): Promise<void> {
    if (changes.length === 0) return
    const args: string[] = [this.origin, JSON.stringify(changes), String(CHANGE_STREAM_MAX_LENGTH), String(changes.length)]
    for (const c of changes) {
      if (c.op === 'put') args.push('p', field(c.kind, c.key), c.ifAbsent === true ? '1' : '0', JSON.stringify(c.value))
      else args.push('d', field(c.kind, c.key), '0', '')
    }
    try {
      await this.conn.script(INDEX_COMMIT, [this.keys.indexDocs, this.keys.indexChanges], args)
    } catch (e) {
      if (e instanceof Error && e.message.startsWith('POLENTA_CONFLICT ')) {
        const [kind, key] = JSON.parse(e.message.slice('POLENTA_CONFLICT '.length)) as [string, string]
        throw conflict(`${kind} ${key} already exists`)
      }
      throw e
    }
  }

  async pollChanges(): Promise<IndexChange[]> {
    const stream = this.keys.indexChanges
    if (this.cursor === null) {
      // Never loaded: start from now.
      const last = (await this.conn.call((c) => c.xrevrange(stream, '+', '-', 'COUNT', 1))) as StreamEntry[]
      this.cursor = last.length > 0 ? last[0][0] : '0-0'
      return []
    }
    const cursor = this.cursor
    const reply = (await this.conn.call((c) => c.xread('STREAMS', stream, cursor))) as [string, StreamEntry[]][] | null
    if (reply === null || reply.length === 0) return []
    const out: IndexChange[] = []
    for (const [id, fields] of reply[0][1]) {
      this.cursor = id
      let origin = ''
      let changes = '[]'
      for (let i = 0; i + 1 < fields.length; i += 2) {
        if (fields[i] === 'o') origin = fields[i + 1]
        else if (fields[i] === 'c') changes = fields[i + 1]
      }
      if (origin !== this.origin) out.push(...(JSON.parse(changes) as IndexChange[]))
    }
    return out
  }
}
