import { createMemoryDriver } from '../../src/storage/memory/memory-driver.js'
import { defineSeriesContract } from './series-contract.js'

defineSeriesContract('memory', async () => createMemoryDriver())
