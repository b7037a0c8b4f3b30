import { Testing } from 'cdktf';
import { loadConfig, parseConfig, SourceReposConfig } from '../../../config';
import { literalSecretIn } from '../../../constructs';
import { readVersions } from '../../../scripts/toolchain';
import { SourceReposStack } from '../../../stacks';
import { GITHUB_PROVIDER_VERSION } from '../../../stacks/source-repos-stack';

const example = loadConfig().sourceRepos!;

function synth(sourceRepos: SourceReposConfig = example): any {
  const stack = new SourceReposStack(Testing.app(), 'source-repos', { sourceRepos });
  return JSON.parse(Testing.synth(stack));
}

const addressesOf = (json: any, type: string) => Object.keys(json.resource[type] ?? {}).map((n) => `${type}.${n}`);

describe('SourceReposStack', () => {
  const json = synth();

  test('the example: 4 repositories with 8 labels each, 20 protected release branches, 5 teams, 9 team permissions', () => {
    const counts = Object.fromEntries(
      Object.entries<object>(json.resource).map(([t, r]) => [t, Object.keys(r).length]),
    );
    expect(counts).toEqual({
      github_repository: 4,
      github_branch_default: 3,
      github_issue_label: 32,
      github_branch_protection: 20,
      github_team: 5,
      github_team_membership: 14,
      github_team_repository: 9,
    });
  });

  test('everything that exists is imported, by the IDs the provider takes; rules added since are created', () => {
    const imports: { id: string; to: string }[] = json.import;
    const everything = Object.entries<object>(json.resource).flatMap(([type]) => addressesOf(json, type));
    // Every import targets a resource of this stack, once.
    expect(new Set(imports.map((i) => i.to)).size).toBe(imports.length);
    const notImported = everything.filter((address) => !imports.some((i) => i.to === address));
    expect(notImported.map((address) => json.resource[address.split('.')[0]][address.split('.')[1]].pattern)).toEqual([
      'stackhpc/2026.1',
      'stackhpc/2026.1',
      'stackhpc/2026.1',
    ]);
    const ids = imports.map((i) => i.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'kayobe',
        'kayobe:stackhpc/2025.1',
        'kayobe:ok-to-test',
        'admins:alice-example',
        'releasetrain',
        'releasetrain:stackhpc-release-train',
      ]),
    );
    // Import IDs are known when planning: literals, never references.
    expect(ids.filter((id) => id.includes('${'))).toEqual([]);
  });

  test('keeps its Terraform addresses (an address change would destroy and recreate, or drop the import)', () => {
    expect(addressesOf(json, 'github_repository').sort()).toEqual([
      'github_repository.Repositories_kayobe_6108582C',
      'github_repository.Repositories_nova_53D76D2D',
      'github_repository.Repositories_stackhpc-kayobe-config_7AED2E70',
      'github_repository.Repositories_stackhpc-release-train_FCCE3CBC',
    ]);
    expect(addressesOf(json, 'github_team').sort()).toEqual([
      'github_team.Teams_Admins_DB691F0D',
      'github_team.Teams_Developers_4E9A90AD',
      'github_team.Teams_Kayobe_2D3B6754',
      'github_team.Teams_OpenStack_C006DDFF',
      'github_team.Teams_ReleaseTrain_A0D96C89',
    ]);
  });

  test('requires integrations/github at exactly the version in versions.json (the package alone asks for ~> 6.0)', () => {
    expect(json.terraform.required_providers).toEqual({
      github: { source: 'integrations/github', version: readVersions().providers.github.version },
    });
    expect(readVersions().providers.github.version).toBe('6.9.0');
    expect(GITHUB_PROVIDER_VERSION).toBe(readVersions().providers.github.version);
  });

  test('GitHub App authentication: the IDs from the config, the private key only from a sensitive variable', () => {
    expect(json.provider.github).toEqual([
      {
        owner: 'stackhpc',
        app_auth: { id: '218102', installation_id: '27194723', pem_file: '${var.github_app_pem_file}' },
      },
    ]);
    expect(json.variable).toEqual({
      github_app_pem_file: expect.objectContaining({ type: 'string', sensitive: true, nullable: false }),
    });
    expect(literalSecretIn(json)).toBeUndefined();
  });

  test('token authentication: the token only from a sensitive variable', () => {
    const tokenJson = synth({ ...example, auth: { method: 'token' } });
    expect(tokenJson.provider.github).toEqual([{ owner: 'stackhpc', token: '${var.github_token}' }]);
    expect(Object.keys(tokenJson.variable)).toEqual(['github_token']);
    expect(tokenJson.variable.github_token.sensitive).toBe(true);
  });

  test('an archived repository gets no labels (GitHub refuses writes to it) but keeps its team permissions', () => {
    const config = parseConfig(
      `sourceRepos:
  owner: stackhpc
  auth: { method: token }
  labels: [{ name: gate, color: 5c55fb }]
  teams: [{ name: Admins }]
  repositories:
    - { name: old-tool, visibility: private, archived: true, import: true, teams: { Admins: admin } }
`,
      'site.yaml',
    ).sourceRepos!;
    const archived = synth(config);
    expect(archived.resource.github_issue_label).toBeUndefined();
    expect(Object.values<any>(archived.resource.github_repository)[0]).toMatchObject({ archived: true });
    expect(Object.keys(archived.resource.github_team_repository)).toHaveLength(1);
  });
});
