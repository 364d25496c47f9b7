// The architecture, checked in `npm run lint` (.ci/run): no import cycles, the core imports no adapter and no
// server code, and no adapter imports another. The pipeline: intake → queue → jobs → core → github.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment:
        'A cycle hides which part comes first in the pipeline; move the shared piece to a neutral module.',
      from: { path: '^src' },
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      severity: 'error',
      comment:
        'Folders are the parts of the pipeline: when two import each other, neither says which comes first.',
      scope: 'folder',
      from: { path: '^src' },
      to: { circular: true },
    },
    {
      name: 'core-imports-no-adapter',
      severity: 'error',
      comment: 'src/core stays platform-independent: it is used by the App, the Action and the CLI alike.',
      from: { path: '^src/core' },
      to: { path: '^src/(?!core/)' },
    },
    {
      name: 'core-imports-no-platform',
      severity: 'error',
      comment:
        'src/core never imports Probot, the Actions toolkit or telemetry SDKs (the App attaches observers).',
      from: { path: '^src/core' },
      to: {
        path: 'node_modules/(probot|@probot|@actions|prom-client|@opentelemetry/(sdk-|exporter-|context-async-hooks|resources))',
      },
    },
    {
      name: 'adapters-import-no-adapter',
      severity: 'error',
      comment:
        'The App (src/app), the Action and the CLI are thin adapters over the jobs; none uses another.',
      from: { path: '^src/(app|action|cli)/' },
      to: { path: '^src/(app|action|cli)/', pathNot: '^src/$1/' },
    },
    {
      name: 'only-adapters-import-the-server',
      severity: 'error',
      comment: 'The jobs, the queue and intake are used by the Action too: they never reach into the server.',
      from: { path: '^src/(jobs|queue|intake|budgets|github|redis)/' },
      to: { path: '^src/(app|action|cli|dashboard)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
