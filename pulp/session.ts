// Session authentication against Pulp's login endpoint (pulpcore 3.70+). Basic auth makes Pulp hash the
// password (Django's PBKDF2, hundreds of milliseconds) on every request; one POST to `login/` with basic
// auth makes a Django session instead, and every later request sends its cookie, which Pulp checks with
// one database read. Django's SessionAuthentication also demands the CSRF token on unsafe methods: the
// `csrftoken` cookie echoed in `X-CSRFToken`, plus (over HTTPS) a Referer of the same origin.
//
// The cookie values are credentials: they live only in a SessionCookies object and leave it only as
// request headers; nothing here formats them into a message.

/** Django's default cookie names (SESSION_COOKIE_NAME, CSRF_COOKIE_NAME); Pulp does not change them. */
const SESSION_COOKIE = 'sessionid';
const CSRF_COOKIE = 'csrftoken';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The cookies of one Pulp session, as the server set them; expired or cleared ones are dropped. */
export class SessionCookies {
  private readonly values = new Map<string, string>();

  /** Takes the `Set-Cookie` headers of a response (Django re-sets the session cookie when it changes). */
  absorb(setCookie: string | readonly string[] | undefined): void {
    for (const line of typeof setCookie === 'string' ? [setCookie] : (setCookie ?? [])) {
      const [pair, ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      if (separator <= 0) continue;
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (value === '' || attributes.some(isExpiry)) this.values.delete(name);
      else this.values.set(name, value);
    }
  }

  get hasSession(): boolean {
    return this.values.has(SESSION_COOKIE);
  }

  /** The headers that authenticate a request of `method` with this session (and its CSRF token). */
  headers(method: string, origin: string): Record<string, string> {
    const headers: Record<string, string> = {
      Cookie: [...this.values].map(([name, value]) => `${name}=${value}`).join('; '),
    };
    const csrf = this.values.get(CSRF_COOKIE);
    if (UNSAFE_METHODS.has(method.toUpperCase()) && csrf) {
      headers['X-CSRFToken'] = csrf;
      headers.Referer = `${origin}/`;
    }
    return headers;
  }

  /** Never shows the values, whatever prints the object. */
  toJSON(): string {
    return '[session cookies]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[session cookies]';
  }
}

/** `Max-Age=0` or an `expires` in the past: Django's way of deleting a cookie (logout, a flushed session). */
function isExpiry(attribute: string): boolean {
  const [name, value = ''] = attribute.split('=').map((part) => part.trim());
  if (/^max-age$/i.test(name)) return Number(value) <= 0;
  if (/^expires$/i.test(name)) return Date.parse(value) <= Date.now();
  return false;
}

/**
 * Whether Pulp refused a request for its session rather than for its permissions: 401 (the session is gone,
 * expired or deleted, so the request counted as anonymous) or a CSRF failure (403 "CSRF Failed: ...").
 */
export function sessionRefused(status: number, pulpMessage: string): boolean {
  return status === 401 || (status === 403 && pulpMessage.startsWith('CSRF Failed'));
}
