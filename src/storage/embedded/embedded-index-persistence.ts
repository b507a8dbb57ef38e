/** {@link IndexPersistence} in the `index` sub-database of the embedded store. */
import { conflict } from '../../model/errors.js'
import type { IndexChange, IndexDocument, IndexPersistence } from '../types.js'
import type { EmbeddedDatabases } from './embedded-store.js'

/** Durable index documents; one process owns the store, so there are never changes to poll. */
export class EmbeddedIndexPersistence implements IndexPersistence {
  constructor(private readonly dbs: EmbeddedDatabases) {}

  async loadAll(): Promise<IndexDocument[]> {
    const docs: IndexDocument[] = []
    for (const { key, value } of this.dbs.index.getRange()) docs.push({ kind: key[0], key: key[1], value })
    return docs
  }

  async commit(changes: readonly IndexChange[]): Promise<void> {
    const { index, root } = this.dbs
    const clash = await root.transaction(() => {
      // Every check before the first write: throwing inside an lmdb-js transaction callback does
      // not roll back the writes already queued in it.
      for (const c of changes) {
        if (c.op === 'put' && c.ifAbsent === true && index.get([c.kind, c.key]) !== undefined) return c
      }
      for (const c of changes) {
        if (c.op === 'put') void index.put([c.kind, c.key], c.value)
        else void index.remove([c.kind, c.key])
      }
      return null
    })
    if (clash !== null) throw conflict(`${clash.kind} ${clash.key} already exists`)
    await root.flushed
  }

  async pollChanges(): Promise<IndexChange[]> {
    return []
  }
}
