// Types for scripts/toolchain.js, which stays plain JavaScript so that it runs before `tsc`.
export interface ProviderEntry {
  readonly source: string;
  readonly version: string;
  readonly module: string;
  readonly ref: string;
  readonly build: 'install' | 'download';
  /** Why this provider cannot be built here; such an entry is skipped. */
  readonly blocked?: string;
  readonly namespace: string;
  readonly type: string;
  /** The provider's folder in the filesystem mirror. */
  readonly dir: string;
  readonly binary: string;
}

export interface ToolchainLayout {
  readonly root: string;
  readonly platform: string;
  readonly tofu: {
    readonly version: string;
    readonly module: string;
    readonly package: string;
    readonly binary: string;
  };
  readonly providers: Readonly<Record<string, ProviderEntry>>;
  readonly mirrorDir: string;
  readonly stampsDir: string;
  readonly cliConfigFile: string;
}

export const projectRoot: string;
export function readVersions(): any;
export function toolchainLayout(versions?: any): ToolchainLayout;
export function toolchainEnv(layout?: ToolchainLayout, base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export function missingComponents(layout?: ToolchainLayout): string[];
export function buildableProviders(layout: ToolchainLayout): Record<string, ProviderEntry>;
export function ensureToolchain(options?: { log?: (line: string) => void }): ToolchainLayout;
export function tofuVersion(layout?: ToolchainLayout): {
  terraform_version: string;
  platform: string;
  provider_selections: Record<string, string>;
};
