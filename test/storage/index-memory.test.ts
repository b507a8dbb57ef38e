import { defineIndexContract } from './index-contract.js'
import { MemoryIndexBackend } from '../../src/storage/index/memory-persistence.js'

defineIndexContract('memory', () => {
  const backend = new MemoryIndexBackend()
  const connections = [backend.connect()]
  return Promise.resolve({
    persistence: connections[0],
    shared: true,
    reopen: () => {
      const c = backend.connect()
      connections.push(c)
      return Promise.resolve(c)
    },
    close: () => {
      for (const c of connections) c.close()
      return Promise.resolve()
    },
  })
})
