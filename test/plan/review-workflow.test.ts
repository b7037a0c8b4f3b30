// The review workflows: actionlint (built from its Go module) passes them and fails a broken copy; the review
// runs the PR's code with no secret and a read-only token; the commenting workflow never runs the PR's code
// and updates one comment found by the marker the report's comment starts with.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { REVIEW_COMMENT_MARKER } from '../../review/comment';
import { projectRoot, readVersions, toolchainLayout } from '../../scripts/toolchain';

const WORKFLOWS = path.join(projectRoot, '.github', 'workflows');
const REVIEW = path.join(WORKFLOWS, 'review.yml');
const COMMENT = path.join(WORKFLOWS, 'review-comment.yml');
const actionlint = (file: string) =>
  spawnSync(toolchainLayout().actionlint.binary, ['-no-color', file], { encoding: 'utf8', timeout: 60_000 });

test('actionlint passes both workflows', () => {
  for (const file of [REVIEW, COMMENT]) {
    const result = actionlint(file);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  }
});

test('actionlint fails a copy with one mistake: the control', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-review-workflow-'));
  try {
    const broken = path.join(dir, 'review.yml');
    const text = fs.readFileSync(REVIEW, 'utf8');
    fs.writeFileSync(broken, text.replace('steps.review.outputs.status', 'steps.reveiw.outputs.status'));
    const result = actionlint(broken);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('reveiw');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the review runs on pull requests with a read-only token and no secret, against the base commit', () => {
  const text = fs.readFileSync(REVIEW, 'utf8');
  const workflow = parse(text);
  expect(Object.keys(workflow.on)).toEqual(['pull_request']);
  expect(workflow.permissions).toEqual({ contents: 'read' });
  expect(text).not.toMatch(/secrets\./);
  const steps = workflow.jobs.review.steps;
  const review = steps.find((s: any) => s.id === 'review');
  expect(review.env.BASE_SHA).toBe('${{ github.event.pull_request.base.sha }}');
  expect(review.run).toContain('npm run --silent review -- --base "$BASE_SHA" --out review-out/report.md');
  const setup = steps.find((s: any) => /setup-opentofu/.test(s.uses ?? ''));
  expect(setup.with.tofu_version).toBe(readVersions().opentofu.version);
  expect(steps.find((s: any) => /checkout/.test(s.uses ?? '')).with['fetch-depth']).toBe(0);
});

test('the comment workflow runs none of the pull request code and updates the one comment with the marker', () => {
  const workflow = parse(fs.readFileSync(COMMENT, 'utf8'));
  expect(workflow.on.workflow_run.workflows).toEqual(['review']);
  const steps = workflow.jobs.comment.steps;
  expect(steps.some((s: any) => /checkout|setup-node/.test(s.uses ?? ''))).toBe(false);
  expect(steps.map((s: any) => s.run ?? '').join('\n')).not.toMatch(/npm|node /);
  const post = steps.find((s: any) => s.name === 'create or update the comment');
  expect(post.env.MARKER).toBe(REVIEW_COMMENT_MARKER);
  expect(post.run).toContain('--method PATCH');
});
