// For the review workflow (.github/workflows/review.yml): `node dist/scripts/review-comment.js REPORT URL`
// prints the pull-request comment of a review report (review/comment.ts): the marker, the report cut at
// stack boundaries to fit a comment, and a link to the full report at URL.
import * as fs from 'node:fs';
import { reviewComment } from '../review/comment';

if (require.main === module) {
  const [report, url] = process.argv.slice(2);
  if (!report || !url) {
    console.error('usage: node dist/scripts/review-comment.js REPORT.md FULL_REPORT_URL');
    process.exit(64);
  }
  process.stdout.write(reviewComment(fs.readFileSync(report, 'utf8'), url));
}
