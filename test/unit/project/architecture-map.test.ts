// docs/architecture.md's folder map against the tree: a folder added, moved or removed without redrawing the
// map fails here, and so does a map that names a folder the tree lacks.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const map = fs.readFileSync(path.join(root, 'docs', 'architecture.md'), 'utf8');

/** The folders the "## Tree" block names at the start of a line (`config/`, `testbed/pulp/`). */
function foldersOnTheMap(): string[] {
  const tree = map.slice(map.indexOf('## Tree'));
  const block = tree.slice(tree.indexOf('```') + 3, tree.indexOf('```', tree.indexOf('```') + 3));
  return block
    .split('\n')
    .map((line) => /^([.\w-]+(?:\/[.\w-]+)*)\/\s/.exec(line)?.[1])
    .filter((folder): folder is string => folder !== undefined);
}

/** Folders holding files git tracks, up to two levels deep (the depth the map draws). */
function trackedFolders(): Set<string> {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => file && fs.existsSync(path.join(root, file)));
  const folders = new Set<string>();
  for (const file of files) {
    const parts = file.split('/').slice(0, -1);
    for (let depth = 1; depth <= Math.min(2, parts.length); depth++) folders.add(parts.slice(0, depth).join('/'));
  }
  return folders;
}

const named = foldersOnTheMap();
/** A folder is on the map when the map names it or one of its subfolders (`test/unit/` draws `test`). */
const onTheMap = [
  ...new Set(named.flatMap((folder) => folder.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/')))),
];
const tracked = trackedFolders();

test('the map names folders', () => {
  expect(named).toEqual(expect.arrayContaining(['config', 'constructs', 'testbed', 'testbed/pulp', 'userdata']));
});

test('every folder the map names exists', () => {
  expect(named.filter((folder) => !tracked.has(folder))).toEqual([]);
});

test('every top-level folder is on the map', () => {
  const topLevel = [...tracked].filter((folder) => !folder.includes('/'));
  expect(topLevel.filter((folder) => !onTheMap.includes(folder))).toEqual([]);
});

test('every second-level folder of the layers that hold sub-layers is on the map', () => {
  // The folders whose subfolders are layers or tiers of their own; others (bench, docs/plans' contents) are not.
  const drawn = ['config', 'constructs', 'cli', 'testbed', 'test', 'bindings', 'docs', '.github'];
  const nested = [...tracked].filter((folder) => drawn.includes(folder.split('/')[0]) && folder.includes('/'));
  expect(nested.filter((folder) => !onTheMap.includes(folder))).toEqual([]);
});
