/**
 * Drives the real `gnocchi` command-line client (Debian's `python3-gnocchiclient`) against a
 * server, for end-to-end tests: one child process per command, JSON output parsed.
 */
import { execFile } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

/** The message a test fails with when the client is missing (CI installs it, see `.ci/run`). */
export const MISSING_CLI_HINT = 'the `gnocchi` CLI is not on PATH: apt-get install python3-gnocchiclient'

/** Absolute path of `gnocchi` on PATH; throws {@link MISSING_CLI_HINT} when there is none. */
export function requireGnocchiCli(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue
    const candidate = join(dir, 'gnocchi')
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not in this directory
    }
  }
  throw new Error(MISSING_CLI_HINT)
}

/** How the client authenticates: its `--os-auth-type` plugin and that plugin's flags. */
export type CliAuth =
  /** gnocchiclient's `gnocchi-basic` plugin: `Authorization: basic base64("<user>:")`. */
  | { readonly basicUser: string }
  /** keystoneauth's `admin_token` plugin: the raw token in `X-Auth-Token`. */
  | { readonly token: string }

/** What a finished command left behind. */
export interface CliResult {
  /** Exit status (0 on success). */
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** A client bound to one endpoint and one identity. */
export interface GnocchiCli {
  /** Runs a command that must succeed and prints a formatter result; returns the parsed `-f json` output. */
  json<T = unknown>(...args: string[]): Promise<T>
  /** Runs a command that must succeed and has no formatter (`measures add`, `delete`, …). */
  run(...args: string[]): Promise<CliResult>
  /** Runs a command that must fail; returns its exit status and output. */
  fail(...args: string[]): Promise<CliResult>
}

function authArgs(endpoint: string, auth: CliAuth): string[] {
  if ('basicUser' in auth) return ['--os-auth-type', 'gnocchi-basic', '--user', auth.basicUser, '--endpoint', endpoint]
  return ['--os-auth-type', 'admin_token', '--os-endpoint', endpoint, '--os-token', auth.token]
}

/** The environment of a command: no `OS_*`/`GNOCCHI_*` leaking in, timestamps printed in UTC. */
function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OS_') && !k.startsWith('GNOCCHI_')) env[k] = v
  env.TZ = 'UTC'
  // The client always imports its benchmark module, which pulls in eventlet; this skips
  // eventlet's DNS patching (about 0.2 s of start-up per command) that the CLI never uses.
  env.EVENTLET_NO_GREENDNS = 'yes'
  return env
}

function exec(bin: string, args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { env: cliEnv(), timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') {
        reject(new Error(`gnocchi ${args.join(' ')} could not run: ${error.message}`))
        return
      }
      resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr })
    })
  })
}

const describeCall = (args: readonly string[], r: CliResult): string =>
  `gnocchi ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout.slice(-800)}\nstderr: ${r.stderr.slice(-800)}`

/** A client for `endpoint` (the server's root URL) authenticating as `auth`. */
export function gnocchiCli(endpoint: string, auth: CliAuth): GnocchiCli {
  const bin = requireGnocchiCli()
  const prefix = authArgs(endpoint, auth)
  const succeed = async (args: string[]): Promise<CliResult> => {
    const r = await exec(bin, [...prefix, ...args])
    if (r.code !== 0) throw new Error(describeCall(args, r))
    return r
  }
  return {
    async json<T>(...args: string[]): Promise<T> {
      const r = await succeed([...args, '-f', 'json'])
      try {
        return JSON.parse(r.stdout) as T
      } catch {
        throw new Error(`gnocchi ${args.join(' ')} printed no JSON: ${r.stdout.slice(0, 400)}`)
      }
    },
    run: (...args: string[]) => succeed(args),
    async fail(...args: string[]): Promise<CliResult> {
      const r = await exec(bin, [...prefix, ...args])
      if (r.code === 0) throw new Error(`gnocchi ${args.join(' ')} succeeded but should have failed:\n${r.stdout.slice(0, 400)}`)
      return r
    },
  }
}
