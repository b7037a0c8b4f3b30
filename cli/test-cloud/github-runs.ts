// Whether a GitHub Actions run is still going: `GET /repos/{owner}/{repo}/actions/runs/{run_id}`. The token
// (GITHUB_TOKEN) goes only into the Authorization header, never into a message.

export type RunState =
  /** The run finished (any conclusion, cancelled included) or no longer exists: its resources are leaks. */
  | { readonly gone: true; readonly why: string }
  | { readonly gone: false; readonly why: string }
  /** GitHub did not say (an error answer, unreachable): nothing of the run is deleted. */
  | { readonly unknown: string };

export interface GitHubRunsOptions {
  /** `owner/repo`, as in GITHUB_REPOSITORY. */
  readonly repository: string;
  /** @default - GITHUB_API_URL, else https://api.github.com */
  readonly apiUrl?: string;
  /** @default - anonymous (public repositories only, and a low rate limit) */
  readonly token?: string;
  /** @default 30000 */
  readonly timeoutMs?: number;
}

export class GitHubRuns {
  private readonly apiUrl: string;

  constructor(private readonly options: GitHubRunsOptions) {
    if (!/^[\w.-]+\/[\w.-]+$/.test(options.repository)) {
      throw new Error(`repository must be OWNER/REPO, got ${JSON.stringify(options.repository)}`);
    }
    this.apiUrl = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
  }

  async state(runId: string): Promise<RunState> {
    const path = `/repos/${this.options.repository}/actions/runs/${runId}`;
    const headers: Record<string, string> = {
      Accept: 'application/vnd.github+json',
      'X-GitHub-Api-Version': '2022-11-28',
      'User-Agent': 'release-train-test-cloud-sweep',
    };
    if (this.options.token) headers.Authorization = `Bearer ${this.options.token}`;
    let response: Response;
    try {
      response = await fetch(this.apiUrl + path, {
        headers,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      return { unknown: `GET ${path}: ${(error as Error).message}` };
    }
    const text = await response.text();
    if (response.status === 404) return { gone: true, why: 'the run no longer exists (404)' };
    if (!response.ok) return { unknown: `GET ${path}: HTTP ${response.status}` };
    let run: { status?: string; conclusion?: string | null };
    try {
      run = JSON.parse(text);
    } catch {
      return { unknown: `GET ${path}: not JSON` };
    }
    if (run.status === 'completed')
      return { gone: true, why: `the run is completed (${run.conclusion ?? 'no conclusion'})` };
    if (typeof run.status !== 'string') return { unknown: `GET ${path}: no status in the answer` };
    return { gone: false, why: `the run is ${run.status}` };
  }
}
