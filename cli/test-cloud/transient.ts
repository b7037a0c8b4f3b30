// The errors of `cdktf deploy` and `cdktf destroy` that a test cloud's `up` and `down` retry: only those known
// to pass on their own on a busy CI cloud. Anything else (a quota exceeded, a missing flavor, a bad config, a
// wrong password) fails at once: retrying it would only hide it. The openstack provider (gophercloud) words an
// unexpected answer as "Expected HTTP response code [...] when accessing [...], but got <status> instead".

export interface TransientError {
  /** What the retry report calls it. */
  readonly label: string;
  readonly pattern: RegExp;
}

export const TRANSIENT_ERRORS: readonly TransientError[] = [
  // The scheduler found no host with room at that moment (capacity comes back as other jobs end); the fault of
  // a server in ERROR, which run.ts reads from Nova (the provider's message leaves it out).
  { label: 'Nova: No valid host was found', pattern: /No valid host was found/ },
  // A resource was busy (a port or volume still being detached, a concurrent update).
  { label: 'HTTP 409 Conflict', pattern: /but got 409 instead/ },
  // The API itself failed or was unavailable (restarting, overloaded, behind a failing proxy).
  { label: 'HTTP 5xx from an OpenStack API', pattern: /but got 5\d\d instead/ },
];

/** How often a deploy or destroy runs at most (the first try included), and the pause between tries. */
export const MAX_ATTEMPTS = 3;
export const RETRY_PAUSE_SECONDS = 20;

/** The transient error `output` shows, if any (the first of the list that matches). */
export function transientError(output: string): TransientError | undefined {
  return TRANSIENT_ERRORS.find((e) => e.pattern.test(output));
}
