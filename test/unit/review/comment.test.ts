// The review's pull-request comment: whole when it fits, else cut between stack sections (never inside one),
// every headline kept, with a link to the full report; always under the limit, the marker always first.
import { REVIEW_COMMENT_MARKER, reviewComment } from '../../../review/comment';
import { lineDiff } from '../../../review/line-diff';

const URL = 'https://github.com/o/r/actions/runs/1/artifacts/2';

function report(sections: number, size: number): string {
  const headlines = Array.from({ length: sections }, (_, i) => `- **stack-${i}**: 1 to add`);
  const bodies = Array.from({ length: sections }, (_, i) => `## stack-${i}\n\n### Added\n\n${'x'.repeat(size)}\n`);
  return ['# Review', '', ...headlines, '', ...bodies].join('\n');
}

test('a report that fits is the whole comment, after the marker', () => {
  const text = report(3, 100);
  expect(reviewComment(text, URL)).toBe(`${REVIEW_COMMENT_MARKER}\n${text}`);
});

test('a long report is cut at a stack boundary, keeps every headline and links the full report', () => {
  const comment = reviewComment(report(10, 1000), URL, 4000);
  expect(comment.length).toBeLessThanOrEqual(4000);
  expect(comment.startsWith(`${REVIEW_COMMENT_MARKER}\n# Review`)).toBe(true);
  for (let i = 0; i < 10; i++) expect(comment).toContain(`- **stack-${i}**: 1 to add`);
  const kept = comment.match(/^## stack-\d+$/gm) ?? [];
  expect(kept.length).toBeGreaterThan(0);
  expect(kept.length).toBeLessThan(10);
  // Each kept section is whole: its x line has all 1000 characters.
  expect(comment.match(/^x+$/gm)!.every((line) => line.length === 1000)).toBe(true);
  expect(comment).toContain(`${10 - kept.length} of 10 stack sections left out`);
  expect(comment).toContain(`(${URL})`);
});

test('headlines too many for a comment: whole lines of them, still under the limit', () => {
  const comment = reviewComment(report(2000, 10), URL, 5000);
  expect(comment.length).toBeLessThanOrEqual(5000);
  expect(comment).toContain('2000 of 2000 stack sections left out');
  expect(
    comment
      .split('\n')
      .filter((l) => l.startsWith('- **'))
      .every((l) => /: 1 to add$/.test(l)),
  ).toBe(true);
});

test('the line diff of user data shows only changed lines, removed before added', () => {
  expect(lineDiff('a\nb\nc\nd', 'a\nB\nc\nd\ne')).toEqual(['-b', '+B', '+e']);
  expect(lineDiff('same', 'same')).toEqual([]);
});
