import { RULE_IDS } from './rule-ids';

/** Value shapes shared by the config validators, each with the words used in its error message. */
export interface ValuePattern {
  readonly pattern: RegExp;
  readonly expected: string;
}

const octet = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const ipv4 = `${octet}(\\.${octet}){3}`;
const h16 = '[0-9a-fA-F]{1,4}';
/** RFC 4291 text forms: eight groups, or fewer around one `::`, the last two optionally as IPv4. */
const ipv6 = [
  `(${h16}:){7}${h16}`,
  `(${h16}:){6}${ipv4}`,
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((before) => {
    const head = before === 0 ? '' : `(${h16}:){0,${before - 1}}${h16}`;
    const room = 7 - before; // groups that may follow the `::`
    const tail = room === 0 ? '' : `((${h16}:){0,${room - 1}}${h16})?`;
    const tail4 = room < 2 ? '' : `|${head}::((${h16}:){0,${room - 2}}${ipv4})`;
    return `${head}::${tail}${tail4}`;
  }),
]
  .map((form) => `(${form})`)
  .join('|')
  .replace(/^/, '(')
  .concat(')');

export const UUID: ValuePattern = {
  pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  expected: 'an OpenStack ID (UUID)',
};

/**
 * A flavor ID that cannot be a flavor's name: a UUID (what `openstack flavor create` makes), or the short IDs
 * admins give by hand (devstack's "1".."5", "42", "c1", "ds512M"). Anything longer, or with a ".", is a name
 * (`general.v1.tiny`, `m1.large`), which works as an ID only on clouds whose admins made it so: such a config
 * plans and then fails at apply elsewhere, so it is refused and `flavorName` looks the name up. Every flavor
 * key takes it: Ark (and its worker flavor), mirrors, `openstack` defaults, test environments, build hosts.
 */
export const FLAVOR_ID: ValuePattern = {
  pattern: /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9]{1,8})$/,
  expected: 'a flavor ID (a UUID, or a short ID such as "42"); for a flavor name use flavorName, which looks it up',
};

export const OPENSTACK_NAME: ValuePattern = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/,
  expected: 'a name of letters, digits, ".", "_" or "-" (at most 63, starting with a letter or digit)',
};

export const IP_ADDRESS: ValuePattern = {
  pattern: new RegExp(`^(${ipv4}|${ipv6})$`),
  expected: 'an IPv4 or IPv6 address',
};

export const CIDR: ValuePattern = {
  pattern: new RegExp(`^(${ipv4}/(3[0-2]|[12]?\\d)|${ipv6}/(12[0-8]|1[01]\\d|[1-9]?\\d))$`),
  expected: 'a CIDR such as 192.0.2.0/24 or 2001:db8::/64',
};

/** The name of an existing OpenStack object to look up: Glance and Nova names may hold spaces. */
export const LOOKUP_NAME: ValuePattern = {
  // Control characters are exactly what a name must not hold.
  // eslint-disable-next-line no-control-regex
  pattern: /^[^\s\x00-\x1f](?:[^\x00-\x1f]{0,253}[^\s\x00-\x1f])?$/,
  expected: 'a name without leading or trailing spaces (at most 255 characters)',
};

/** A security rule's id, e.g. RT-SG2 (RULES.md). */
export const RULE_ID: ValuePattern = {
  pattern: new RegExp(`^(${RULE_IDS.join('|')})$`),
  expected: `one of the rule ids in RULES.md (${RULE_IDS.join(', ')})`,
};

/** Why a rule finding is accepted: a reviewer must be able to judge it. */
export const SUPPRESSION_REASON: ValuePattern = {
  pattern: /^\s*\S[\s\S]{8,}\S\s*$/,
  expected: 'a reason of at least 10 characters',
};

/** A fully qualified DNS name, e.g. ark.example.org. */
export const HOSTNAME: ValuePattern = {
  pattern: /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/,
  expected: 'a fully qualified DNS name such as ark.example.org',
};

/** A container image with a version tag (never a moving one such as latest) or a digest. */
export const PINNED_IMAGE: ValuePattern = {
  pattern: /^[^\s@]+:(?!latest$|stable$|nightly$)[A-Za-z0-9_][A-Za-z0-9_.-]*$|^[^\s@]+@sha256:[0-9a-f]{64}$/,
  expected: 'an image with a pinned tag or digest, e.g. docker.io/pulp/pulp:3.85',
};

/** An http(s) URL, e.g. an S3 endpoint or a Barbican container reference. */
export const HTTP_URL: ValuePattern = { pattern: /^https?:\/\/[^\s/]+(\/\S*)?$/, expected: 'an http(s) URL' };
