// The layer rules of docs/architecture.md ("Boundaries"), checked by dependency-cruiser in `npm run lint`
// (part of `npm test`). test/unit/project/layers.test.ts plants a violation to show each rule bites.
const PRODUCT = '^(main\\.ts$|config|userdata|constructs|stacks|pulp|tasks|cli|review)(/|$)';
const CDKTF = '^node_modules/(cdktf|constructs|@cdktf/[^/]+)/|^bindings/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Modules import each other in one direction only.',
      severity: 'error',
      from: { pathNot: '^bindings/' },
      to: { circular: true },
    },
    {
      name: 'cdktf-only-in-constructs-stacks-review',
      comment: 'config/, userdata/, pulp/, tasks/ and cli/ run without Terraform: no cdktf, constructs or bindings.',
      severity: 'error',
      from: { path: '^(config|userdata|pulp|tasks|cli)/' },
      to: { path: CDKTF },
    },
    {
      name: 'config-imports-no-other-layer',
      comment: 'config/ hands typed models to every other layer and knows none of them.',
      severity: 'error',
      from: { path: '^config/' },
      to: { path: '^(?!config/|node_modules/)', pathNot: '^node:|^(fs|path|os|net|util|crypto)$' },
    },
    {
      name: 'layers-point-down',
      comment:
        'config -> constructs -> stacks -> main.ts; the task layer (pulp, tasks, cli) never reaches up into them.',
      severity: 'error',
      from: { path: '^(constructs|userdata|pulp|tasks|cli)/' },
      to: { path: '^(stacks/|main\\.ts$)' },
    },
    {
      name: 'task-layer-has-no-constructs',
      severity: 'error',
      from: { path: '^(userdata|pulp|tasks|cli)/' },
      to: { path: '^constructs/' },
    },
    {
      name: 'product-never-imports-test-or-tools',
      comment: 'Product code runs without the test bed, the tests, the benchmarks and the operator scripts.',
      severity: 'error',
      from: { path: PRODUCT },
      to: { path: '^(testbed|test|bench|scripts)/|^versions\\.json$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|cdktf\\.out)/' },
    tsPreCompilationDeps: true,
    moduleSystems: ['cjs', 'es6'],
  },
};
