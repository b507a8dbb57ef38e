/**
 * 406 for requests that cannot take JSON (gnocchi-rest.md §1.3). Runs before authentication,
 * as Gnocchi's routing does. Routes that serve other types (healthcheck) set
 * `config: { anyAccept: true }`.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { acceptsJson, notAcceptableText } from '../util/accept.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route negotiates its own response type; skip the JSON-only 406 check. */
    anyAccept?: boolean
  }
}

async function registerAccept(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    if (request.is404 || request.routeOptions.config.anyAccept === true) return
    const accept = request.headers.accept
    if (acceptsJson(accept)) return
    return reply.code(406).type('text/plain; charset=UTF-8').send(notAcceptableText(accept ?? ''))
  })
}

/** Registers the 406 check on the root instance. */
export const acceptPlugin = fp(registerAccept, { name: 'polenta-accept', fastify: '5.x' })
