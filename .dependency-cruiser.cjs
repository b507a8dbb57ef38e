/**
 * Layering of architecture.md §1, enforced in CI (`npm run layering`).
 * model ← grammar ← engine ← legacy ← http ← server; storage depends on model (and engine's
 * pure codecs); the engine sees storage only through storage/types.ts.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'model-is-a-leaf', severity: 'error', from: { path: '^src/model/' }, to: { path: '^src/(?!model/)' } },
    { name: 'model-has-no-deps', severity: 'error', from: { path: '^src/model/' }, to: { dependencyTypes: ['npm'] } },
    { name: 'grammar-imports-model-only', severity: 'error', from: { path: '^src/grammar/' }, to: { path: '^src/(engine|storage|legacy|http|config|server|cli)' } },
    { name: 'grammar-npm-only-chevrotain', severity: 'error', from: { path: '^src/grammar/' }, to: { dependencyTypes: ['npm'], pathNot: 'node_modules/(chevrotain|@chevrotain)/' } },
    { name: 'engine-sees-storage-types-only', severity: 'error', from: { path: '^src/engine/' }, to: { path: '^src/storage/', pathNot: '^src/storage/types\\.ts$' } },
    { name: 'engine-no-upper-layers', severity: 'error', from: { path: '^src/engine/' }, to: { path: '^src/(legacy|http|config|server|cli)' } },
    { name: 'engine-no-io-libs', severity: 'error', from: { path: '^src/engine/' }, to: { path: 'node_modules/(fastify|ioredis|lmdb)/' } },
    { name: 'storage-no-upper-layers', severity: 'error', from: { path: '^src/storage/' }, to: { path: '^src/(grammar|legacy|http|config|server|cli)' } },
    { name: 'storage-engine-codecs-only', severity: 'error', from: { path: '^src/storage/' }, to: { path: '^src/engine/', pathNot: '^src/engine/(codec|filter|carbonara|archive-policy|policy|state)' } },
    { name: 'legacy-no-http', severity: 'error', from: { path: '^src/legacy/' }, to: { path: '^src/(http|config|server|cli)' } },
    { name: 'nothing-imports-http', severity: 'error', from: { pathNot: '^src/(http|server|cli|bootstrap|run-server)' }, to: { path: '^src/http/' } },
    { name: 'nothing-imports-server', severity: 'error', from: {}, to: { path: '^src/(server|cli)\\.ts$' } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
}
