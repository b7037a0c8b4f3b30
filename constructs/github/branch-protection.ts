// Protection of a repository's release branches (`github_branch_protection`), the way the release train
// protects them (DOMAIN.md §7): changes arrive only through pull requests with approving reviews (code
// owners' among them) and passing status checks, conversations resolved, no force push, no deletion.
import { Construct } from 'constructs';
import { BranchProtection } from '@cdktf/provider-github/lib/branch-protection';
import { importWhenExisting } from './import-existing';
import { ISourceRepository } from './repository-reference';
import { validateProps } from '../validation';

/** GitHub's bound on approving reviews. */
export const MAX_REQUIRED_REVIEWS = 6;

export interface ReleaseBranchProtectionProps {
  readonly repository: ISourceRepository;
  /** Branch name pattern, e.g. `stackhpc/2024.1` or `smslab/202[0-9].[1-2]`. */
  readonly pattern: string;
  /**
   * Approving reviews a pull request needs.
   * @default 1
   */
  readonly requiredApprovingReviews?: number;
  /**
   * Status check contexts that must pass before merging.
   * @default [] - none required (no required_status_checks block)
   */
  readonly requiredStatusChecks?: readonly string[];
  /**
   * Whether a code owner's review is among the required ones.
   * @default true
   */
  readonly requireCodeOwnerReviews?: boolean;
  /**
   * The rule exists on GitHub already: an import block (`<repository>:<pattern>`) takes it over.
   * @default false
   */
  readonly importExisting?: boolean;
}

export class ReleaseBranchProtection extends Construct {
  public readonly resource: BranchProtection;
  public readonly pattern: string;

  constructor(scope: Construct, id: string, props: ReleaseBranchProtectionProps) {
    super(scope, id);
    const reviews = props.requiredApprovingReviews ?? 1;
    const checks = props.requiredStatusChecks ?? [];
    validateProps(this, [
      {
        invalid: !/^[^\s:]{1,255}$/.test(props.pattern),
        message: `pattern must be a branch name pattern without spaces or ":", got ${JSON.stringify(props.pattern)}`,
      },
      {
        invalid: !Number.isInteger(reviews) || reviews < 0 || reviews > MAX_REQUIRED_REVIEWS,
        message: `requiredApprovingReviews must be an integer from 0 to ${MAX_REQUIRED_REVIEWS}, got ${reviews}`,
      },
      {
        invalid: new Set(checks).size !== checks.length,
        message: `requiredStatusChecks must name each check once, got ${JSON.stringify(checks)}`,
      },
    ]);
    this.pattern = props.pattern;
    this.resource = new BranchProtection(this, 'Resource', {
      repositoryId: props.repository.nodeId,
      pattern: props.pattern,
      requireConversationResolution: true,
      allowsDeletions: false,
      allowsForcePushes: false,
      requiredPullRequestReviews: [
        {
          requiredApprovingReviewCount: reviews,
          dismissStaleReviews: true,
          requireCodeOwnerReviews: props.requireCodeOwnerReviews ?? true,
        },
      ],
      requiredStatusChecks: checks.length > 0 ? [{ strict: false, contexts: [...checks] }] : undefined,
    });
    importWhenExisting(
      this.resource,
      props.importExisting ?? false,
      `${props.repository.repositoryName}:${props.pattern}`,
    );
  }
}
