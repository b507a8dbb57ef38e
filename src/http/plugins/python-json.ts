/**
 * Makes Python-style JSON (src/model/python-json.ts) the app's reply serializer, so routes
 * return plain values and the client sees Gnocchi's exact bytes (gnocchi-rest.md §1.2).
 * Routes with a response schema are serialised the same way (the schema documents, it does
 * not reformat numbers).
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { pyJsonStringify } from '../../model/python-json.js'

const serialize = (payload: unknown): string => pyJsonStringify(payload) ?? ''

async function registerPythonJson(app: FastifyInstance): Promise<void> {
  app.setReplySerializer(serialize)
  app.setSerializerCompiler(() => serialize)
  app.addHook('onSend', async (_request, reply, payload) => {
    // gnocchi-compat: Gnocchi answers `application/json` without a charset; the body is
    // pure ASCII (every non-ASCII character is escaped), so the parameter says nothing.
    const type = reply.getHeader('content-type')
    if (typeof type === 'string' && type.startsWith('application/json;')) reply.header('content-type', 'application/json')
    return payload
  })
}

/** Registers the serializer on the root instance. */
export const pythonJsonPlugin = fp(registerPythonJson, { name: 'polenta-python-json', fastify: '5.x' })
