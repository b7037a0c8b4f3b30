import { Testing } from 'cdktf';
import { Team, TeamProps } from '../../../../constructs';

function synth(props: Partial<TeamProps> = {}): any {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new Team(scope, 'Team', {
        name: 'Release Train',
        maintainers: ['alice'],
        members: ['bob', 'stackhpc-ci'],
        ...props,
      });
    }),
  );
}

describe('Team', () => {
  test('a closed team without the authenticating account as maintainer, and one membership per user', () => {
    const json = synth();
    expect(Object.values<any>(json.resource.github_team)).toEqual([
      expect.objectContaining({ name: 'Release Train', privacy: 'closed', create_default_maintainer: false }),
    ]);
    const memberships = Object.values<any>(json.resource.github_team_membership);
    expect(memberships.map((m) => [m.username, m.role])).toEqual([
      ['alice', 'maintainer'],
      ['bob', 'member'],
      ['stackhpc-ci', 'member'],
    ]);
    expect(new Set(memberships.map((m) => m.team_id))).toEqual(
      new Set([`\${github_team.${Object.keys(json.resource.github_team)[0]}.id}`]),
    );
  });

  test('an existing team and its memberships are imported by slug', () => {
    const json = synth({ importExisting: true });
    expect(json.import.map((i: any) => i.id)).toEqual([
      'release-train',
      'release-train:alice',
      'release-train:bob',
      'release-train:stackhpc-ci',
    ]);
  });

  test('fails on a user who is both maintainer and member, and on a name whose slug would be a guess', () => {
    expect(() => synth({ members: ['Alice'] })).toThrow(
      /a user is either a maintainer or a member, got \["alice"\] in both/,
    );
    expect(() => synth({ name: 'Release_Train' })).toThrow(/name must be letters, digits, spaces or "-"/);
  });
});
