// OpenTofu's diagnostics as `tofu apply -json` streams them (one JSON object a line, `type: "diagnostic"`),
// and the shapes of the messages behind them that an operator needs read out: the openstack provider's
// (gophercloud's) "Expected HTTP response code [...] when accessing [...], but got N instead: <body>", a
// lookup by name that found nothing, and a state lock held by someone else. Pure: no process, no network.

export interface TofuDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail: string;
  /** The Terraform address, e.g. `data.openstack_compute_flavor_v2.FlavorLookup`, when tofu knows one. */
  readonly address?: string;
  /** Where in cdk.tf.json (1-based), when tofu knows. */
  readonly range?: { readonly filename: string; readonly line: number; readonly column: number };
}

/** The diagnostics of a `-json` stream; lines that are not JSON (a crashed tofu's last words) are skipped. */
export function diagnosticsOf(stream: string): TofuDiagnostic[] {
  const found: TofuDiagnostic[] = [];
  for (const line of stream.split('\n')) {
    const message = parseLine(line);
    const d = message?.type === 'diagnostic' ? message.diagnostic : undefined;
    if (!d) continue;
    found.push({
      severity: d.severity === 'warning' ? 'warning' : 'error',
      summary: String(d.summary ?? ''),
      detail: String(d.detail ?? ''),
      ...(d.address ? { address: String(d.address) } : {}),
      ...(d.range?.start
        ? { range: { filename: String(d.range.filename), line: d.range.start.line, column: d.range.start.column } }
        : {}),
    });
  }
  return found;
}

/** One line of a `-json` stream, or undefined when it is not a JSON object. */
export function parseLine(line: string): any {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** An OpenStack API's refusal, as the provider words it. */
export interface HttpRefusal {
  /** What the provider was doing, e.g. `Error creating OpenStack server`. */
  readonly doing: string;
  readonly status: number;
  readonly method: string;
  /** The URL's path, e.g. `/v2.1/servers` (the host is the catalogue's, no news to the operator). */
  readonly path: string;
  /** The service's own message from the body (`{"forbidden": {"message": ...}}` and the like), else the body. */
  readonly message: string;
}

const GOPHERCLOUD =
  /^(.*?):?\s*Expected HTTP response code \[[^\]]*\] when accessing \[(\w+) ([^\]\s]+)\], but got (\d{3}) instead(?::\s*([\s\S]*))?$/;

export function httpRefusalOf(text: string): HttpRefusal | undefined {
  const match = GOPHERCLOUD.exec(text.trim());
  if (!match) return undefined;
  const [, doing, method, url, status, body = ''] = match;
  let urlPath = url;
  try {
    urlPath = new URL(url).pathname;
  } catch {
    // not a URL: keep what the provider printed
  }
  return { doing: doing.trim(), status: Number(status), method, path: urlPath, message: serviceMessage(body) };
}

/** The `message` an OpenStack service puts in its error body (one level down, whatever the key), else the body. */
function serviceMessage(body: string): string {
  try {
    const parsed = JSON.parse(body);
    for (const value of Object.values<any>(parsed ?? {})) {
      if (typeof value?.message === 'string') return value.message;
      if (typeof value === 'string') return value;
    }
  } catch {
    // not JSON
  }
  return oneLine(body);
}

/** What `tofu` prints of a lock held by another run ("Error acquiring the state lock"). */
export interface StateLockInfo {
  readonly id?: string;
  readonly operation?: string;
  readonly who?: string;
  readonly created?: string;
  /** The backend's own words when it could not say who holds the lock (e.g. the lock file is gone). */
  readonly reason?: string;
}

export function stateLockOf(diagnostic: TofuDiagnostic): StateLockInfo | undefined {
  if (!/Error acquiring the state lock/i.test(diagnostic.summary)) return undefined;
  const field = (name: string) => new RegExp(`^\\s*${name}:\\s*(.+?)\\s*$`, 'm').exec(diagnostic.detail)?.[1];
  const id = field('ID');
  if (id) return { id, operation: field('Operation'), who: field('Who'), created: field('Created') };
  const reason = /Error message:\s*([\s\S]*?)\n\s*\n\s*\n/.exec(diagnostic.detail)?.[1];
  // go-multierror's list ("2 errors occurred:\n\t* a\n\t* b") as "a; b".
  const items = reason?.replace(/^\s*\d+ errors? occurred:/, '').split(/\n\s*\*\s*/);
  return { reason: items?.map(oneLine).filter(Boolean).join('; ') };
}

/** A lookup by name that found nothing (the provider's data sources say it this way). */
export function isEmptyLookup(diagnostic: TofuDiagnostic): boolean {
  return diagnostic.address?.startsWith('data.') === true && /query returned no results/i.test(diagnostic.summary);
}

/** Whitespace (newlines, tabs, runs of spaces) collapsed: every message is one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
