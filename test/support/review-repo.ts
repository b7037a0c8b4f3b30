// A throw-away git repository holding this project as it is in the working tree (tracked files, the compiled
// dist/ and a link to node_modules), for running `release-train review` on commits a test makes: each commit
// edits the example config the way a pull request would.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../scripts/toolchain';

const EXAMPLE = path.join('config', 'examples', 'release-train.yaml');

export class ReviewRepo {
  public readonly root: string;

  constructor() {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-review-repo-'));
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: projectRoot, encoding: 'utf8' })
      .split('\0')
      .filter((file) => file && fs.existsSync(path.join(projectRoot, file)));
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(this.root, file)), { recursive: true });
      fs.copyFileSync(path.join(projectRoot, file), path.join(this.root, file));
    }
    fs.symlinkSync(fs.realpathSync(path.join(projectRoot, 'node_modules')), path.join(this.root, 'node_modules'));
    fs.cpSync(path.join(projectRoot, 'dist'), path.join(this.root, 'dist'), { recursive: true });
    this.git(['init', '--quiet', '--initial-branch=main']);
    // .gitignore's `node_modules/` matches a folder only, not this link.
    fs.appendFileSync(path.join(this.root, '.git', 'info', 'exclude'), 'node_modules\n');
    this.commitAll('the project as it is');
  }

  git(args: readonly string[]): string {
    return execFileSync('git', args, {
      cwd: this.root,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'review test',
        GIT_AUTHOR_EMAIL: 'review@example.org',
        GIT_COMMITTER_NAME: 'review test',
        GIT_COMMITTER_EMAIL: 'review@example.org',
      },
    });
  }

  commitAll(message: string): void {
    this.git(['add', '-A', '.']);
    this.git(['commit', '--quiet', '--allow-empty', '-m', message]);
  }

  /** Edits a file of the repository (the example config by default) and commits it. */
  commitEdit(message: string, edit: (text: string) => string, file: string = EXAMPLE): void {
    const target = path.join(this.root, file);
    const before = fs.readFileSync(target, 'utf8');
    const after = edit(before);
    if (after === before) throw new Error(`review-repo: the edit "${message}" changed nothing in ${file}`);
    fs.writeFileSync(target, after);
    this.commitAll(message);
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
