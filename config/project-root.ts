import * as fs from 'node:fs';
import * as path from 'node:path';

/** The folder holding package.json, found from this file whether it runs as TypeScript or from dist/. */
function findProjectRoot(from: string = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the project root above ${from}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot();
