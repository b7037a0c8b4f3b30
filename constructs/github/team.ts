// A team of the organisation (`github_team`) with its maintainers and members (`github_team_membership`).
// Repositories grant teams their permissions (SourceRepository.grantTeam).
import { Construct } from 'constructs';
import { Team as TeamResource } from '@cdktf/provider-github/lib/team';
import { TeamMembership } from '@cdktf/provider-github/lib/team-membership';
import { importWhenExisting, teamSlug } from './import-existing';
import { validateProps } from '../validation';

export interface ITeam {
  /** What `team_id` takes: the numeric ID (a token) or the slug. */
  readonly teamId: string;
  /** Known at synth time: import IDs of the team's bindings use it. */
  readonly slug: string;
}

export interface TeamProps {
  /** Letters, digits, spaces or `-`; the slug is its lowercase form with `-` for spaces. */
  readonly name: string;
  /** @default - none */
  readonly description?: string;
  /** @default 'closed' (visible to the organisation's members) */
  readonly privacy?: 'closed' | 'secret';
  /**
   * GitHub user names with the team's maintainer role.
   * @default []
   */
  readonly maintainers?: readonly string[];
  /** @default [] */
  readonly members?: readonly string[];
  /**
   * The team and these memberships exist on GitHub already: import blocks (`<slug>`, `<slug>:<user>`) take
   * them over.
   * @default false
   */
  readonly importExisting?: boolean;
}

export class Team extends Construct implements ITeam {
  /** A team this app does not manage, by its slug. */
  public static fromTeamSlug(scope: Construct, id: string, slug: string): ITeam {
    class Existing extends Construct implements ITeam {
      public readonly teamId = slug;
      public readonly slug = slug;
    }
    return new Existing(scope, id);
  }

  public readonly resource: TeamResource;
  public readonly teamId: string;
  public readonly slug: string;
  /** The memberships, by user name. */
  public readonly memberships: Readonly<Record<string, TeamMembership>>;

  constructor(scope: Construct, id: string, props: TeamProps) {
    super(scope, id);
    const maintainers = props.maintainers ?? [];
    const members = props.members ?? [];
    const both = maintainers.filter((user) => members.some((m) => m.toLowerCase() === user.toLowerCase()));
    validateProps(this, [
      {
        invalid: !/^[A-Za-z0-9](?:[A-Za-z0-9 -]{0,62}[A-Za-z0-9])?$/.test(props.name),
        message: `name must be letters, digits, spaces or "-" (at most 64), got ${JSON.stringify(props.name)}`,
      },
      {
        invalid: both.length > 0,
        message: `a user is either a maintainer or a member, got ${JSON.stringify(both)} in both`,
      },
    ]);
    const importExisting = props.importExisting ?? false;
    this.slug = teamSlug(props.name);
    this.resource = new TeamResource(this, 'Resource', {
      name: props.name,
      description: props.description,
      privacy: props.privacy ?? 'closed',
      // GitHub would make whoever authenticates (the App or the token's user) a maintainer otherwise.
      createDefaultMaintainer: false,
    });
    importWhenExisting(this.resource, importExisting, this.slug);
    this.teamId = this.resource.id;
    const group = new Construct(this, 'Memberships');
    const roles = [...maintainers.map((u) => [u, 'maintainer']), ...members.map((u) => [u, 'member'])];
    this.memberships = Object.fromEntries(
      roles.map(([username, role]) => {
        const membership = new TeamMembership(group, username, { teamId: this.teamId, username, role });
        importWhenExisting(membership, importExisting, `${this.slug}:${username}`);
        return [username, membership];
      }),
    );
  }
}
