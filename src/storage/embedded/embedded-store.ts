/**
 * Opens the embedded store: one LMDB environment in the data directory with a sub-database
 * per kind of record, and a format-version record written at creation. Opening refuses a
 * directory it cannot read, a file that is not a Polenta store, or an incompatible version, and
 * never writes anything in those cases.
 */
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { open, type Database, type RootDatabase } from 'lmdb'

/** Name written in the format record so a foreign LMDB file is not mistaken for ours. */
export const FORMAT_NAME = 'polenta-embedded'
/** Version of the on-disk layout this code reads and writes. */
export const FORMAT_VERSION = 1
/** File name of the LMDB environment inside the data directory. */
export const DATA_FILE = 'polenta.mdb'

/** The format record stored under `meta` → `format`. */
export interface FormatRecord {
  readonly name: string
  readonly version: number
  readonly createdAt: string
}

/** Key layouts (LMDB ordered-binary array keys, so ranges follow metric then time order). */
export interface EmbeddedDatabases {
  readonly root: RootDatabase
  /** `format` → {@link FormatRecord}. */
  readonly meta: Database<FormatRecord, string>
  /** `[kind, key]` → document (JSON). */
  readonly index: Database<unknown, [string, string]>
  /** `[metricId, seq]` → encoded batch. */
  readonly incoming: Database<Uint8Array, [string, number]>
  /** `metricId` → raw back-window buffer. */
  readonly raw: Database<Uint8Array, string>
  /** `[metricId, aggregation, granularityUs, startUs]` → split bytes. */
  readonly splits: Database<Uint8Array, [string, string, number, number]>
}

/** Why the data directory was refused; the message is meant for the operator. */
export class EmbeddedStoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'EmbeddedStoreError'
  }
}

function checkDirectory(dataDir: string): void {
  if (existsSync(dataDir)) {
    if (!statSync(dataDir).isDirectory()) throw new EmbeddedStoreError(`Data directory ${dataDir} is not a directory`)
  } else {
    try {
      mkdirSync(dataDir, { recursive: true })
    } catch (e) {
      throw new EmbeddedStoreError(`Cannot create data directory ${dataDir}: ${(e as Error).message}`, { cause: e })
    }
  }
  try {
    accessSync(dataDir, constants.R_OK | constants.W_OK | constants.X_OK)
  } catch (e) {
    throw new EmbeddedStoreError(`Cannot read and write data directory ${dataDir}: ${(e as Error).message}`, { cause: e })
  }
}

/** LMDB's meta-page magic number, little-endian on disk. */
const LMDB_MAGIC = 0xbeefc0de

/**
 * Checks that an existing data file starts with an LMDB meta page before handing it to the
 * native library, which may crash the process on a foreign file instead of reporting an error.
 */
function checkDataFile(path: string): void {
  if (!existsSync(path) || statSync(path).size === 0) return
  const head = Buffer.alloc(64)
  let read: number
  try {
    const fd = openSync(path, 'r')
    try {
      read = readSync(fd, head, 0, head.length, 0)
    } finally {
      closeSync(fd)
    }
  } catch (e) {
    throw new EmbeddedStoreError(`Cannot read the embedded store ${path}: ${(e as Error).message}; refusing to start without touching it`, { cause: e })
  }
  for (let off = 0; off + 4 <= read; off += 4) if (head.readUInt32LE(off) === LMDB_MAGIC) return
  throw new EmbeddedStoreError(`Cannot read the embedded store ${path}: not an LMDB data file; refusing to start without touching it`)
}

function isEmpty(dbs: EmbeddedDatabases): boolean {
  return [dbs.meta, dbs.index, dbs.incoming, dbs.raw, dbs.splits].every((db) => db.getKeysCount({ limit: 1 }) === 0)
}

/** Opens (creating if needed) the store in `dataDir`. */
export async function openEmbeddedStore(dataDir: string): Promise<EmbeddedDatabases> {
  checkDirectory(dataDir)
  const path = join(dataDir, DATA_FILE)
  checkDataFile(path)
  let dbs: EmbeddedDatabases
  try {
    const root = open({ path, maxDbs: 8 })
    dbs = {
      root,
      meta: root.openDB<FormatRecord, string>('meta', { encoding: 'json' }),
      index: root.openDB<unknown, [string, string]>('index', { encoding: 'json' }),
      incoming: root.openDB<Uint8Array, [string, number]>('incoming', { encoding: 'binary' }),
      raw: root.openDB<Uint8Array, string>('raw', { encoding: 'binary' }),
      splits: root.openDB<Uint8Array, [string, string, number, number]>('splits', { encoding: 'binary' }),
    }
  } catch (e) {
    throw new EmbeddedStoreError(`Cannot read the embedded store ${path}: ${(e as Error).message}; refusing to start without touching it`, { cause: e })
  }
  let format: FormatRecord | undefined
  try {
    format = dbs.meta.get('format')
    if (format === undefined) {
      if (!isEmpty(dbs)) throw new EmbeddedStoreError(`The embedded store ${path} holds data but no format record; refusing to open it`)
      await dbs.meta.put('format', { name: FORMAT_NAME, version: FORMAT_VERSION, createdAt: new Date().toISOString() })
      await dbs.root.flushed
      return dbs
    }
  } catch (e) {
    await dbs.root.close()
    if (e instanceof EmbeddedStoreError) throw e
    throw new EmbeddedStoreError(`Cannot read the embedded store ${path}: ${(e as Error).message}; refusing to start without touching it`, { cause: e })
  }
  if (format.name !== FORMAT_NAME || format.version !== FORMAT_VERSION) {
    await dbs.root.close()
    throw new EmbeddedStoreError(
      `The embedded store ${path} has format ${String(format.name)} version ${String(format.version)}; ` +
        `this Polenta reads ${FORMAT_NAME} version ${FORMAT_VERSION}. Refusing to open it (nothing was written).`,
    )
  }
  return dbs
}
