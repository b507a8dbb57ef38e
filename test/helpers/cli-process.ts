/**
 * Runs the built command line (`node dist/cli.js …`, built by `npm run build`) as a child
 * process for end-to-end tests.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
/** Path of the built command line. */
export const CLI_ENTRY = join(ROOT, 'dist', 'cli.js')

/** The outcome of one CLI run. */
export interface CliResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Environment variables the CLI must not inherit from the test runner's own environment. */
const CONFIG_PREFIXES = ['POLENTA_', 'REDIS_URL', 'PORT', 'HOST']

function baseEnv(extra: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !CONFIG_PREFIXES.some((p) => k.startsWith(p))) env[k] = v
  }
  return { ...env, ...extra }
}

/** Starts `node dist/cli.js <args>` without waiting. */
export function spawnCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): ChildProcess {
  if (!existsSync(CLI_ENTRY)) throw new Error(`${CLI_ENTRY} is missing: run npm run build first`)
  return spawn(process.execPath, [CLI_ENTRY, ...args], { cwd: ROOT, env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
}

/** Runs `node dist/cli.js <args>` to completion (killed after `timeoutMs`). */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>> = {}, timeoutMs = 60_000): Promise<CliResult> {
  const child = spawnCli(args, env)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`polenta ${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`))
    }, timeoutMs)
    child.once('error', reject)
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}
