/**
 * The built server the HTTP bench drives. The build is normally done already (`npm test` and
 * CI run `npm run build`); the bench runs it itself only when `dist/server.js` is missing, and
 * stops with the compiler's output if that fails. A `dist/` older than `src/` is used as it is,
 * with a warning: rebuilding under other processes that use `dist/` (e2e tests, a running
 * server) is not the bench's call.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { SERVER_ENTRY } from '../../test/helpers/server-process.js'

const ROOT = join(dirname(SERVER_ENTRY), '..')

/** Newest modification time (ms) of any file under `dir`. */
function newestMtimeMs(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs)
  }
  return newest
}

/**
 * Builds the server when its entry point is missing; warns when it is older than the sources.
 * @throws when `npm run build` fails.
 */
export function ensureBuiltServer(): void {
  if (existsSync(SERVER_ENTRY)) {
    if (statSync(SERVER_ENTRY).mtimeMs < newestMtimeMs(join(ROOT, 'src'))) {
      console.log('(warning: dist/ is older than src/: these figures are for the last build; run npm run build first)')
    }
    return
  }
  console.log(`(${SERVER_ENTRY} is missing: running npm run build)`)
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const r = spawnSync(npm, ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' })
  if (r.status !== 0 || !existsSync(SERVER_ENTRY)) {
    throw new Error(`npm run build failed (exit ${r.status ?? r.signal}); fix the build before benchmarking:\n${r.stdout}${r.stderr}`)
  }
}
