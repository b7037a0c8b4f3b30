import { Testing } from 'cdktf';
import { ReleaseBranchProtection, ReleaseBranchProtectionProps, SourceRepository } from '../../../../constructs';

function synth(props: Partial<Omit<ReleaseBranchProtectionProps, 'repository'>> = {}): any {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new ReleaseBranchProtection(scope, 'Protection', {
        repository: SourceRepository.fromRepositoryName(scope, 'Repo', 'smslab-config'),
        pattern: 'smslab/202[0-9].[1-2]',
        ...props,
      });
    }),
  );
}

const only = (section: Record<string, any>) => Object.values<any>(section)[0];

describe('ReleaseBranchProtection', () => {
  test('pull requests with a code owner approval, conversations resolved, no force push or deletion', () => {
    const json = synth();
    expect(only(json.resource.github_branch_protection)).toEqual(
      expect.objectContaining({
        repository_id: 'smslab-config',
        pattern: 'smslab/202[0-9].[1-2]',
        require_conversation_resolution: true,
        allows_deletions: false,
        allows_force_pushes: false,
        required_pull_request_reviews: [
          { required_approving_review_count: 1, dismiss_stale_reviews: true, require_code_owner_reviews: true },
        ],
      }),
    );
    // No status check is required unless named.
    expect(only(json.resource.github_branch_protection).required_status_checks).toBeUndefined();
  });

  test('required status checks and reviews as given; an existing rule is imported as <repository>:<pattern>', () => {
    const json = synth({
      requiredApprovingReviews: 2,
      requiredStatusChecks: ['tox / Tox pep8 with Python 3.12'],
      importExisting: true,
    });
    const protection = only(json.resource.github_branch_protection);
    expect(protection.required_status_checks).toEqual([
      { strict: false, contexts: ['tox / Tox pep8 with Python 3.12'] },
    ]);
    expect(protection.required_pull_request_reviews[0].required_approving_review_count).toBe(2);
    expect(json.import).toEqual([
      {
        id: 'smslab-config:smslab/202[0-9].[1-2]',
        to: `github_branch_protection.${Object.keys(json.resource.github_branch_protection)[0]}`,
      },
    ]);
  });

  test('fails on a pattern with ":" (import IDs split on it), on more than 6 reviews, and on a repeated check', () => {
    expect(() => synth({ pattern: 'a:b' })).toThrow(
      /pattern must be a branch name pattern without spaces or ":", got "a:b"/,
    );
    expect(() => synth({ requiredApprovingReviews: 7 })).toThrow(
      /requiredApprovingReviews must be an integer from 0 to 6, got 7/,
    );
    expect(() => synth({ requiredStatusChecks: ['ci', 'ci'] })).toThrow(
      /requiredStatusChecks must name each check once/,
    );
  });
});
