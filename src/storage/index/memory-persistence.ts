/**
 * An `IndexPersistence` in process memory: Maps, no durability. Used by the memory driver and
 * by tests. Several connections to one {@link MemoryIndexBackend} behave like several processes
 * on one shared store: each one's `pollChanges` returns the others' commits, in commit order.
 */
import { conflict } from '../../model/errors.js'
import type { IndexChange, IndexDocument, IndexPersistence } from '../types.js'

/** The shared document store behind one or more {@link MemoryIndexPersistence} connections. */
export class MemoryIndexBackend {
  /** kind → key → JSON text (stored as text so callers can never alias stored documents). */
  private readonly docs = new Map<string, Map<string, string>>()
  private readonly connections = new Set<MemoryIndexPersistence>()

  /** Opens a connection, as a new process would. */
  connect(): MemoryIndexPersistence {
    const connection = new MemoryIndexPersistence(this)
    this.connections.add(connection)
    return connection
  }

  /** @internal Removes a connection so it stops collecting changes. */
  disconnect(connection: MemoryIndexPersistence): void {
    this.connections.delete(connection)
  }

  /** @internal Every stored document. */
  loadAll(): IndexDocument[] {
    const out: IndexDocument[] = []
    for (const [kind, byKey] of this.docs) {
      for (const [key, text] of byKey) out.push({ kind, key, value: JSON.parse(text) as unknown })
    }
    return out
  }

  /** @internal Atomic commit; the origin connection does not receive its own changes. */
  commit(origin: MemoryIndexPersistence, changes: readonly IndexChange[]): void {
    // Serialise first: a value that is not JSON must fail the commit before anything is written.
    const prepared = changes.map((c) => (c.op === 'put' ? { change: c, text: JSON.stringify(c.value) } : { change: c, text: '' }))
    for (const { change } of prepared) {
      if (change.op === 'put' && change.ifAbsent === true && this.docs.get(change.kind)?.has(change.key) === true) {
        throw conflict(`Index document ${change.kind}/${change.key} already exists`)
      }
    }
    const published: IndexChange[] = []
    for (const { change, text } of prepared) {
      let byKey = this.docs.get(change.kind)
      if (change.op === 'put') {
        if (byKey === undefined) {
          byKey = new Map()
          this.docs.set(change.kind, byKey)
        }
        byKey.set(change.key, text)
        published.push({ op: 'put', kind: change.kind, key: change.key, value: JSON.parse(text) as unknown })
      } else {
        byKey?.delete(change.key)
        published.push({ op: 'delete', kind: change.kind, key: change.key })
      }
    }
    for (const connection of this.connections) if (connection !== origin) connection.enqueue(published)
  }
}

/** One connection to a {@link MemoryIndexBackend}. */
export class MemoryIndexPersistence implements IndexPersistence {
  private pending: IndexChange[] = []

  constructor(private readonly backend: MemoryIndexBackend) {}

  /** @internal Changes committed by other connections. */
  enqueue(changes: readonly IndexChange[]): void {
    for (const c of changes) this.pending.push(c)
  }

  loadAll(): Promise<IndexDocument[]> {
    // Changes seen through the snapshot must not be replayed by the next poll.
    this.pending = []
    return Promise.resolve(this.backend.loadAll())
  }

  commit(changes: readonly IndexChange[]): Promise<void> {
    try {
      this.backend.commit(this, changes)
      return Promise.resolve()
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)))
    }
  }

  pollChanges(): Promise<IndexChange[]> {
    if (this.pending.length === 0) return Promise.resolve([])
    const out = this.pending
    this.pending = []
    return Promise.resolve(out)
  }

  /** Stops receiving other connections' changes. */
  close(): void {
    this.backend.disconnect(this)
  }
}

/** A single-process memory persistence (the memory driver's index). */
export function createMemoryIndexPersistence(): MemoryIndexPersistence {
  return new MemoryIndexBackend().connect()
}
