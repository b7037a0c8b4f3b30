// The project's own ground rules, which an innocent `npm install x@latest` or template copy could break.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { jestArguments, TEST_GROUPS } from '../../../testbed/run-tests';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const cdktfJson = JSON.parse(fs.readFileSync(path.join(root, 'cdktf.json'), 'utf8'));
const allDependencies: Record<string, string> = { ...pkg.dependencies, ...pkg.devDependencies };

test('every npm dependency is pinned to an exact version', () => {
  const loose = Object.entries(allDependencies).filter(([, version]) => !/^\d+\.\d+\.\d+$/.test(version));
  expect(loose).toEqual([]);
});

test('TypeScript is 5.x (7.x breaks ts-node and ts-jest) and cdktf is the last release, 0.21.0', () => {
  expect(ts.version).toMatch(/^5\./);
  expect(allDependencies.typescript).toMatch(/^5\.9\./);
  expect([allDependencies.cdktf, allDependencies['cdktf-cli']]).toEqual(['0.21.0', '0.21.0']);
  expect(allDependencies.constructs).toMatch(/^10\./);
});

test('cdktf runs the precompiled app, not ts-node', () => {
  expect(cdktfJson.app).toMatch(/node dist\/main\.js$/);
  expect(cdktfJson.app).not.toMatch(/ts-node/);
});

test('tests run jest with --ci, so that a missing or changed snapshot fails', () => {
  // npm test's jest is testbed/run-tests.ts, which gives every group --ci.
  expect(pkg.scripts.test).toMatch(/node dist\/testbed\/run-tests\.js$/);
  for (const projects of TEST_GROUPS) expect(jestArguments(projects, [])[0]).toBe('--ci');
  expect(pkg.scripts.test).not.toMatch(/-u\b|--updateSnapshot/);
  expect(pkg.scripts['test:unit']).toMatch(/^jest --ci\b/);
});
