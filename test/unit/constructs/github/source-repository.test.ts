import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { SourceRepository, SourceRepositoryProps, Team, UNMANAGED_REPOSITORY_SETTINGS } from '../../../../constructs';

function synth(
  props: Partial<SourceRepositoryProps> = {},
  attach: (repo: SourceRepository, scope: Construct) => void = () => {},
): any {
  return JSON.parse(
    Testing.synthScope((scope) => {
      const repo = new SourceRepository(scope, 'Repo', { name: 'kayobe', visibility: 'public', ...props });
      attach(repo, scope);
    }),
  );
}

const only = (section: Record<string, any>) => Object.values<any>(section)[0];

describe('SourceRepository', () => {
  test('a new repository: its visibility and topics, a first commit on main, never deleted by Terraform', () => {
    // GIVEN a repository that does not exist yet WHEN synthesised
    const json = synth({ topics: ['kayobe', 'openstack'], defaultBranch: 'main' });
    // THEN it is created with its settings, and nothing is imported
    expect(only(json.resource.github_repository)).toMatchObject({
      name: 'kayobe',
      visibility: 'public',
      topics: ['kayobe', 'openstack'],
      archived: false,
      auto_init: true,
      archive_on_destroy: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(only(json.resource.github_branch_default)).toMatchObject({ branch: 'main' });
    expect(json.import).toBeUndefined();
  });

  test('an existing repository is imported by name, with its default branch, and not re-initialised', () => {
    const json = synth({ importExisting: true, defaultBranch: 'stackhpc/2025.1' });
    const repository = only(json.resource.github_repository);
    expect(repository.auto_init).toBeUndefined();
    expect(json.import).toEqual([
      { id: 'kayobe', to: `github_repository.${Object.keys(json.resource.github_repository)[0]}` },
      { id: 'kayobe', to: `github_branch_default.${Object.keys(json.resource.github_branch_default)[0]}` },
    ]);
  });

  test('labels, protections and team permissions attached to an existing repository are imported with it', () => {
    const json = synth({ importExisting: true }, (repo, scope) => {
      repo.addLabel({ name: 'gate', color: '5c55fb' });
      repo.protectBranches({ pattern: 'stackhpc/2024.1' });
      repo.protectBranches({ pattern: 'stackhpc/2026.1', importExisting: false });
      repo.grantTeam(new Team(scope, 'Team', { name: 'Release Train' }), 'push');
    });
    expect(json.import.map((i: any) => i.id)).toEqual([
      'kayobe',
      'kayobe:gate',
      'kayobe:stackhpc/2024.1',
      'release-train:kayobe',
    ]);
    // The team by its ID and the repository by its name: both references, so Terraform orders them.
    expect(only(json.resource.github_team_repository)).toMatchObject({
      team_id: expect.stringMatching(/^\$\{github_team\.Team_[0-9A-F]{8}\.id\}$/),
      repository: expect.stringMatching(/^\$\{github_repository\.Repo_[0-9A-F]{8}\.name\}$/),
      permission: 'push',
    });
  });

  test('settings it does not manage stay as GitHub has them (the provider would send them as false or empty)', () => {
    const lifecycle = (json: any) => only(json.resource.github_repository).lifecycle;
    // GIVEN no description WHEN synthesised THEN the one on GitHub is left alone, like the wiki and issues.
    expect(lifecycle(synth({ importExisting: true }))).toEqual({
      prevent_destroy: true,
      ignore_changes: [...UNMANAGED_REPOSITORY_SETTINGS, 'description'],
    });
    expect(UNMANAGED_REPOSITORY_SETTINGS).toEqual(expect.arrayContaining(['has_issues', 'has_wiki', 'homepage_url']));
    // GIVEN a description THEN it is managed.
    const described = synth({ description: 'Kayobe configuration for the release train' });
    expect(lifecycle(described).ignore_changes).not.toContain('description');
    expect(only(described.resource.github_repository).description).toBe('Kayobe configuration for the release train');
  });

  test('fails on a default branch other than main for a new repository, and on bad topics', () => {
    expect(() => synth({ defaultBranch: 'stackhpc/2025.1' })).toThrow(
      /defaultBranch of a new repository must be main .* got "stackhpc\/2025.1"/,
    );
    expect(() => synth({ topics: ['Kayobe'] })).toThrow(/topics must be at most 20 of lowercase letters/);
  });

  test('fails when an archived repository is given a branch protection: GitHub keeps it read-only', () => {
    expect(() =>
      synth({ archived: true, importExisting: true }, (repo) => repo.protectBranches({ pattern: 'main' })),
    ).toThrow(/kayobe is archived, so GitHub keeps it read-only: it cannot take branch protections/);
  });
});
