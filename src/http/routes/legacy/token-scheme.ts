/**
 * NodeConductor's clients authenticate with `Authorization: Token <token>` (DRF's
 * TokenAuthentication). Polenta's tokens are the JWTs of the `jwt` auth mode, so for `/api/…`
 * requests this hook rewrites that header to `Bearer <token>` before authentication reads it.
 * Register it on the root instance before the auth plugin.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** Options: the path prefix of the legacy routes (`<basePath>/api/`). */
export interface TokenSchemeOptions {
  readonly prefix: string
}

const TOKEN = /^\s*token\s+(\S+)\s*$/i

async function registerTokenScheme(app: FastifyInstance, options: TokenSchemeOptions): Promise<void> {
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith(options.prefix)) return
    const auth = request.headers.authorization
    const m = typeof auth === 'string' ? TOKEN.exec(auth) : null
    if (m !== null) request.headers.authorization = `Bearer ${m[1]}`
  })
}

/** The `Token` scheme for the legacy routes (fastify-plugin: a root-level hook). */
export const legacyTokenSchemePlugin = fp(registerTokenScheme, { name: 'polenta-legacy-token-scheme', fastify: '5.x' })
