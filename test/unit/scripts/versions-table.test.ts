import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot, readVersions } from '../../../scripts/toolchain';
import { renderVersionsTable, replaceTable } from '../../../scripts/versions-table';

describe('README versions table', () => {
  test('agrees with versions.json (refresh with `node dist/scripts/versions-table.js --write`)', () => {
    const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    expect(readme).toContain(renderVersionsTable(readVersions()));
  });

  test('shows a changed version after a rewrite', () => {
    const versions = readVersions();
    const changed = { ...versions, opentofu: { ...versions.opentofu, version: '9.9.9' } };
    const rewritten = replaceTable(
      fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8'),
      renderVersionsTable(changed),
    );
    expect(rewritten).toMatch(/\| OpenTofu \| 9\.9\.9 \|/);
  });
});
