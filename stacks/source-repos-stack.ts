// Source-code repositories on GitHub as code, `source-repos` (DOMAIN.md §7, the release train's
// `terraform/github`): the organisation's teams and their members, its repositories with their labels,
// release branch protections and team permissions. Existing objects are taken over by import blocks. The
// provider authenticates with a token or a GitHub App installation from sensitive variables only.
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { BackendConfig, GitHubAuthConfig, SourceReposConfig } from '../config/model';
import { SourceRepository, Team } from '../constructs';
import { secretVariable } from './pulp-host';
import { ReleaseTrainStack } from './release-train-stack';

/**
 * The integrations/github version the bindings (@cdktf/provider-github) were generated for, pinned exactly
 * (the package alone asks for `~> 6.0`). The test toolchain builds the same version (versions.json; a unit
 * test keeps the two equal).
 */
export const GITHUB_PROVIDER_VERSION = '6.9.0';

export interface SourceReposStackProps {
  readonly sourceRepos: SourceReposConfig;
  /** @default - local state */
  readonly backend?: BackendConfig;
}

/** The provider's credentials: only ever references to sensitive variables (TF_VAR_github_*). */
function githubProvider(stack: ReleaseTrainStack, owner: string, auth: GitHubAuthConfig): GithubProvider {
  if (auth.method === 'token') {
    const token = secretVariable(stack, 'github_token', `GitHub token with admin rights on the ${owner} organisation`);
    return new GithubProvider(stack, 'github', { owner, token });
  }
  const pemFile = secretVariable(
    stack,
    'github_app_pem_file',
    `Private key (PEM) of GitHub App ${auth.appId}, installed on the ${owner} organisation`,
  );
  return new GithubProvider(stack, 'github', {
    owner,
    appAuth: { id: auth.appId, installationId: auth.installationId, pemFile },
  });
}

export class SourceReposStack extends ReleaseTrainStack {
  public readonly teams: Readonly<Record<string, Team>>;
  public readonly repositories: Readonly<Record<string, SourceRepository>>;

  constructor(scope: Construct, id: string, props: SourceReposStackProps) {
    const config = props.sourceRepos;
    super(scope, id, { backend: props.backend });
    githubProvider(this, config.owner, config.auth);
    this.addOverride('terraform.required_providers.github.version', GITHUB_PROVIDER_VERSION);
    const teams = new Construct(this, 'Teams');
    this.teams = Object.fromEntries(
      config.teams.map((team) => [
        team.name,
        new Team(teams, team.name, {
          name: team.name,
          description: team.description,
          privacy: team.privacy,
          maintainers: team.maintainers,
          members: team.members,
          importExisting: team.import,
        }),
      ]),
    );
    const repositories = new Construct(this, 'Repositories');
    this.repositories = Object.fromEntries(
      config.repositories.map((repo) => {
        const repository = new SourceRepository(repositories, repo.name, {
          name: repo.name,
          description: repo.description,
          visibility: repo.visibility,
          defaultBranch: repo.defaultBranch,
          topics: repo.topics,
          archived: repo.archived,
          importExisting: repo.import,
        });
        // An archived repository is read-only: GitHub refuses new labels on it.
        if (!repo.archived) for (const label of config.labels) repository.addLabel(label);
        for (const protection of repo.branchProtections)
          repository.protectBranches({
            pattern: protection.pattern,
            requiredApprovingReviews: protection.requiredReviews,
            requiredStatusChecks: protection.requiredStatusChecks,
            importExisting: protection.import,
          });
        for (const [team, permission] of Object.entries(repo.teams)) repository.grantTeam(this.teams[team], permission);
        return [repo.name, repository];
      }),
    );
    new TerraformOutput(this, 'repository_urls', {
      staticId: true,
      description: `Web addresses of the ${config.owner} repositories managed here, by name`,
      value: Object.fromEntries(Object.entries(this.repositories).map(([name, r]) => [name, r.htmlUrl])),
    });
  }
}
