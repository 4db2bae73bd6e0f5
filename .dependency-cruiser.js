// Import direction between the project's folders (issue 9). A folder may import only folders to its left:
//
//   src/core  ←  src/schema  ←  src/components  ←  src/engine, src/secrets  ←  src/gitops, src/delivery  ←  src/cli, src/main.ts, api-server
//
// src/secrets sits beside the engine: it uses core and schema, and the engine uses it. src/delivery may use
// src/gitops (the repository layout), not the other way round. test/architecture/dependencies.test.ts runs this.
const OURS = '^(src|api-server)/';
const layer = (name, from, allowed) => ({
  name,
  comment: `${from} may import only ${allowed.join(', ')} of our folders`,
  severity: 'error',
  from: { path: from },
  to: { path: OURS, pathNot: allowed.map((a) => `^${a}`) },
});

module.exports = {
  forbidden: [
    layer('core-is-the-kernel', '^src/core/', ['src/core/']),
    layer('schema-above-core-only', '^src/schema/', ['src/core/', 'src/schema/']),
    layer('components-below-engine', '^src/components/', ['src/core/', 'src/schema/', 'src/components/']),
    layer('secrets-below-engine', '^src/secrets/', ['src/core/', 'src/schema/', 'src/secrets/']),
    layer('engine-below-delivery', '^src/engine/', ['src/core/', 'src/schema/', 'src/components/', 'src/secrets/', 'src/engine/']),
    layer('gitops-below-delivery', '^src/gitops/', ['src/core/', 'src/schema/', 'src/components/', 'src/secrets/', 'src/engine/', 'src/gitops/']),
    layer('delivery-below-entry-points', '^src/delivery/', [
      'src/core/',
      'src/schema/',
      'src/components/',
      'src/secrets/',
      'src/engine/',
      'src/gitops/',
      'src/delivery/',
    ]),
    layer('cli-beside-api-server', '^src/(cli/|main\\.ts$)', ['src/(?!main\\.ts$)']),
    {
      name: 'no-cycles',
      comment: 'a file-level import cycle makes load order matter and hides which module owns what',
      severity: 'error',
      from: { path: OURS },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(lib|node_modules|imports)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
  },
};
