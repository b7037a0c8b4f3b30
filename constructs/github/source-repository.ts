// A source-code repository of the organisation (`github_repository`), its default branch
// (`github_branch_default`), and what is attached to it: issue labels, release branch protections and the
// teams' permissions. Repositories are never deleted by Terraform: `prevent_destroy`, and archived on destroy.
// Settings it does not manage are left as GitHub has them (UNMANAGED_REPOSITORY_SETTINGS).
import { Construct } from 'constructs';
import { BranchDefault } from '@cdktf/provider-github/lib/branch-default';
import { Repository } from '@cdktf/provider-github/lib/repository';
import { TeamRepository } from '@cdktf/provider-github/lib/team-repository';
import { ReleaseBranchProtection, ReleaseBranchProtectionProps } from './branch-protection';
import { importWhenExisting } from './import-existing';
import { IssueLabel, IssueLabelProps } from './issue-label';
import { ITeam } from './team';
import { validateProps } from '../validation';
import { ISourceRepository } from './repository-reference';

/** A team's permission on a repository, in GitHub's words. */
export type TeamPermission = 'pull' | 'triage' | 'push' | 'maintain' | 'admin';

export interface SourceRepositoryProps {
  readonly name: string;
  /** No default: taking over a private repository must never publish it. */
  readonly visibility: 'public' | 'private' | 'internal';
  /** @default - none */
  readonly description?: string;
  /**
   * The default branch; a new repository starts with `main` only.
   * @default - not managed
   */
  readonly defaultBranch?: string;
  /** @default [] */
  readonly topics?: readonly string[];
  /** @default false */
  readonly archived?: boolean;
  /**
   * The repository (and its default branch) exists on GitHub already: import blocks take it over.
   * @default false
   */
  readonly importExisting?: boolean;
}

/**
 * Settings this construct does not manage. The provider sends every setting with each update, an unset one
 * as false or empty, so without this an imported repository would lose its description, wiki or issues at
 * the first change (a plan of the real provider shows it). Ignored, each keeps what GitHub has.
 */
export const UNMANAGED_REPOSITORY_SETTINGS = [
  'homepage_url',
  'has_issues',
  'has_wiki',
  'has_projects',
  'has_downloads',
  'has_discussions',
  'is_template',
  'allow_update_branch',
  'web_commit_signoff_required',
  'vulnerability_alerts',
];

/** GitHub's limits. */
const MAX_TOPICS = 20;
const TOPIC = /^[a-z0-9][a-z0-9-]{0,49}$/;

export class SourceRepository extends Construct implements ISourceRepository {
  /** A repository this app does not manage, by its name (its branch protections can still be managed). */
  public static fromRepositoryName(scope: Construct, id: string, name: string): ISourceRepository {
    class Existing extends Construct implements ISourceRepository {
      public readonly repositoryName = name;
      public readonly nodeId = name;
    }
    return new Existing(scope, id);
  }

  public readonly resource: Repository;
  public readonly repositoryName: string;
  public readonly nodeId: string;
  public readonly htmlUrl: string;
  public readonly importExisting: boolean;
  public readonly archived: boolean;
  private readonly labels: Construct;
  private readonly branchProtections: Construct;
  private readonly teams: Construct;

  constructor(scope: Construct, id: string, props: SourceRepositoryProps) {
    super(scope, id);
    const topics = props.topics ?? [];
    this.importExisting = props.importExisting ?? false;
    this.archived = props.archived ?? false;
    validateProps(this, [
      {
        invalid: !/^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/.test(props.name),
        message: `name must be a repository name of letters, digits, ".", "_" or "-", got ${JSON.stringify(props.name)}`,
      },
      {
        invalid: topics.length > MAX_TOPICS || topics.some((topic) => !TOPIC.test(topic)),
        message: `topics must be at most ${MAX_TOPICS} of lowercase letters, digits or "-", got ${JSON.stringify(topics)}`,
      },
      {
        invalid: props.defaultBranch !== undefined && props.defaultBranch !== 'main' && !this.importExisting,
        message: `defaultBranch of a new repository must be main (the only branch it starts with), got ${JSON.stringify(props.defaultBranch)}`,
      },
    ]);
    this.resource = new Repository(this, 'Resource', {
      name: props.name,
      description: props.description,
      visibility: props.visibility,
      topics: topics.length > 0 ? [...topics] : undefined,
      archived: this.archived,
      // A new repository gets a first commit on main, so that its default branch exists, and issues (the
      // labels are for issues and pull requests); afterwards both are GitHub's (UNMANAGED_REPOSITORY_SETTINGS).
      autoInit: this.importExisting ? undefined : true,
      hasIssues: true,
      deleteBranchOnMerge: true,
      allowAutoMerge: true,
      // Destroying the stack (or dropping the entry) must never delete code: archive it instead.
      archiveOnDestroy: true,
      lifecycle: {
        preventDestroy: true,
        ignoreChanges: [
          ...UNMANAGED_REPOSITORY_SETTINGS,
          // Without a description in the config, the one on GitHub stays.
          ...(props.description === undefined ? ['description'] : []),
        ],
      },
    });
    importWhenExisting(this.resource, this.importExisting, props.name);
    this.repositoryName = props.name;
    this.nodeId = this.resource.nodeId;
    this.htmlUrl = this.resource.htmlUrl;
    if (props.defaultBranch !== undefined) {
      const defaultBranch = new BranchDefault(this, 'DefaultBranch', {
        repository: this.resource.name,
        branch: props.defaultBranch,
      });
      importWhenExisting(defaultBranch, this.importExisting, props.name);
    }
    this.labels = new Construct(this, 'Labels');
    this.branchProtections = new Construct(this, 'BranchProtections');
    this.teams = new Construct(this, 'Teams');
  }

  /** An issue label on this repository; `importExisting` defaults to the repository's. */
  public addLabel(label: Omit<IssueLabelProps, 'repository'>): IssueLabel {
    return new IssueLabel(this.labels, label.name, {
      ...label,
      importExisting: label.importExisting ?? this.importExisting,
      repository: this,
    });
  }

  /** Protects the branches matching `pattern`; `importExisting` defaults to the repository's. */
  public protectBranches(protection: Omit<ReleaseBranchProtectionProps, 'repository'>): ReleaseBranchProtection {
    validateProps(this, [
      {
        invalid: this.archived,
        message: `${this.repositoryName} is archived, so GitHub keeps it read-only: it cannot take branch protections (got ${JSON.stringify(protection.pattern)})`,
      },
    ]);
    return new ReleaseBranchProtection(this.branchProtections, protection.pattern, {
      ...protection,
      importExisting: protection.importExisting ?? this.importExisting,
      repository: this,
    });
  }

  /** Gives `team` a permission on this repository; imported with the repository when it exists. */
  public grantTeam(team: ITeam, permission: TeamPermission): TeamRepository {
    const binding = new TeamRepository(this.teams, team.slug, {
      teamId: team.teamId,
      repository: this.resource.name,
      permission,
    });
    importWhenExisting(binding, this.importExisting, `${team.slug}:${this.repositoryName}`);
    return binding;
  }
}
