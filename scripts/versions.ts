import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../config/project-root';

/** versions.json: every pinned tool and server version of the project. */
export interface Versions {
  readonly opentofu: { readonly version: string; readonly module: string; readonly package: string };
  readonly providers: Readonly<Record<string, ProviderVersion>>;
  /** actionlint, the GitHub Actions workflow linter: `go install <module>/<package>@<version>`. */
  readonly actionlint: { readonly version: string; readonly module: string; readonly package: string };
  /** Pulp instances of the test harness, by name. */
  readonly pulp: { readonly instances: Readonly<Record<string, PulpVersion>> };
  readonly postgresql: { readonly debianPackage: string; readonly minimumMajor: number };
  /** Commands the test fixtures run, by the Debian package that provides each. */
  readonly fixtureTools: { readonly commands: Readonly<Record<string, string>> };
  /** Debian's cloud-init, unpacked for `cloud-init schema`, and the pip requirements it runs with. */
  readonly cloudInit: {
    readonly debianPackage: string;
    readonly version: string;
    readonly python: string;
    readonly requirements: Readonly<Record<string, string>>;
  };
  /** The test bed's OpenStack control plane: Debian package -> pinned version (testbed/openstack/). */
  readonly openstack: { readonly debianPackages: Readonly<Record<string, string>> };
  /** The peers `npm run bench:peers` compares with (pulp-cli, pulp-glue): pip requirements of their virtualenv. */
  readonly benchPeers: { readonly python: string; readonly requirements: Readonly<Record<string, string>> };
  /** ansible-core in a virtualenv, for `ansible-inventory` on the kayobe-config tree the hand-off writes. */
  readonly ansibleCore: { readonly python: string; readonly requirements: Readonly<Record<string, string>> };
}

export interface ProviderVersion {
  readonly source: string;
  readonly version: string;
  readonly module: string;
  readonly ref: string;
  /**
   * `install`: `go install module@ref`; `download`: `go build` in the module's source from the proxy;
   * `vendored`: `go build -mod=vendor` offline in `archive` (under ../shared/vendor/, sha256 checked).
   */
  readonly build: 'install' | 'download' | 'vendored';
  /** For `vendored`: the archive's file name under ../shared/vendor/ and its sha256. */
  readonly archive?: { readonly file: string; readonly sha256: string };
  /** Why this provider cannot be built here; such an entry is skipped. */
  readonly blocked?: string;
}

/** One Pulp instance of the test harness: pip requirements of its virtualenv. */
export interface PulpVersion {
  readonly role: string;
  readonly python: string;
  readonly requirements: Readonly<Record<string, string>>;
}

export const VERSIONS_FILE = path.join(PROJECT_ROOT, 'versions.json');

export function readVersions(): Versions {
  return JSON.parse(fs.readFileSync(VERSIONS_FILE, 'utf8')) as Versions;
}
