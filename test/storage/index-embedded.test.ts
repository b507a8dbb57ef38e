import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { createEmbeddedDriver } from '../../src/storage/embedded/embedded-driver.js'
import type { StorageDriver } from '../../src/storage/types.js'
import { defineIndexContract } from './index-contract.js'

const base = mkdtempSync(join(tmpdir(), 'polenta-index-embedded-'))
let n = 0
afterAll(() => rmSync(base, { recursive: true, force: true }))

defineIndexContract('embedded', async () => {
  const dir = join(base, `db-${n++}`)
  let driver: StorageDriver = await createEmbeddedDriver(dir)
  return {
    persistence: driver.index,
    shared: false,
    // A restart: close the environment and open the directory again.
    reopen: async () => {
      await driver.close()
      driver = await createEmbeddedDriver(dir)
      return driver.index
    },
    close: () => driver.close(),
  }
})
