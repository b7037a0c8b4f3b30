// The pull-request comment of a review report: a marker first (the workflow finds its one comment by it and
// updates it), then the report, cut at stack boundaries when it is longer than a comment may be, with a link
// to the full report (the workflow's artifact).
export const REVIEW_COMMENT_MARKER = '<!-- release-train-review -->';

/** GitHub refuses comments longer than 65536 characters; leave room for the marker and the note. */
const COMMENT_LIMIT = 65_000;

export function reviewComment(report: string, fullReportUrl: string, limit: number = COMMENT_LIMIT): string {
  const whole = `${REVIEW_COMMENT_MARKER}\n${report}`;
  if (whole.length <= limit) return whole;
  // The headlines (every stack, one line each) come before the first `## <stack>` section.
  const [head, ...stacks] = report.split(/\n(?=## )/);
  const note = (left: number) =>
    `\n\n_Cut to fit a comment: ${left} of ${stacks.length} stack sections left out. ` +
    `The full report: [the workflow's artifact](${fullReportUrl})._\n`;
  let body = `${REVIEW_COMMENT_MARKER}\n${head}`;
  if (body.length + note(stacks.length).length > limit) {
    // Even the headlines are too many: keep whole lines of them.
    const lines = body.split('\n');
    while (lines.length > 1 && lines.join('\n').length + note(stacks.length).length > limit) lines.pop();
    return lines.join('\n') + note(stacks.length);
  }
  let kept = 0;
  for (const section of stacks) {
    if (body.length + 1 + section.length + note(stacks.length - kept - 1).length > limit) break;
    body += `\n${section}`;
    kept++;
  }
  return body.replace(/\n+$/, '') + note(stacks.length - kept);
}
