// Typed errors of the Pulp client. Each carries Pulp's own message and the object it concerns; none ever
// carries a credential (no request config, headers or URLs with userinfo are kept).

/** Base of every error the Pulp client raises. */
export class PulpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An HTTP answer outside 2xx that has no more specific class. */
export class HttpError extends PulpError {
  constructor(
    public readonly status: number,
    public readonly method: string,
    public readonly path: string,
    /** Pulp's own message, flattened from its JSON error body. */
    public readonly pulpMessage: string,
    subject?: string,
  ) {
    super(`${method} ${path}${subject ? ` (${subject})` : ''}: HTTP ${status}: ${pulpMessage}`);
  }
}

/** 401: missing or wrong credentials. */
export class AuthError extends HttpError {}

/** 403: authenticated, but not allowed (e.g. a client reading development content). */
export class ForbiddenError extends HttpError {}

/** 404 on a GET of an href, or a look-up by natural key that found nothing. */
export class NotFoundError extends PulpError {}

/** A look-up by natural key that found more than one object. */
export class MultipleFoundError extends PulpError {}

/** Pulp could not be reached (connection refused, reset, DNS, socket timeout) after the retries allowed. */
export class ConnectionError extends PulpError {}

/** A task ended `failed` or `canceled`. */
export class TaskFailedError extends PulpError {
  constructor(
    public readonly taskHref: string,
    public readonly state: string,
    public readonly description: string,
    subject?: string,
  ) {
    super(`task ${taskHref}${subject ? ` (${subject})` : ''} ${state}: ${description}`);
  }
}

/**
 * A task still `running` that no online Pulp worker holds: its worker stopped (killed, out of memory, host
 * lost). Pulp fails it only at its next worker clean-up; a new task on the same repository waits until then.
 */
export class TaskAbandonedError extends TaskFailedError {
  constructor(taskHref: string, subject?: string) {
    super(
      taskHref,
      'abandoned',
      'no online Pulp worker is running it (its worker stopped, e.g. killed or out of memory); rerunning the command retries, once Pulp has cleared the task',
      subject,
    );
  }
}

/** A deadline passed; for tasks, the task keeps running on the server and can be waited on again. */
export class TimeoutError extends PulpError {
  constructor(
    message: string,
    public readonly taskHref?: string,
  ) {
    super(message);
  }
}

/** A reply that does not have the shape Pulp documents (e.g. a list without `results`). */
export class ClientValidationError extends PulpError {}

/** Flattens DRF's error bodies: `{field: [msg]}`, `{detail}`, `{errors: []}`, bare arrays, or text. */
export function pulpMessageOf(body: unknown): string {
  if (body === null || body === undefined || body === '') return 'no details';
  if (typeof body === 'string') return body.replace(/\s+/g, ' ').trim().slice(0, 500);
  if (Array.isArray(body)) return body.map(pulpMessageOf).join('; ');
  if (typeof body === 'object') {
    const record = body as Record<string, unknown>;
    if (typeof record.detail === 'string') return record.detail;
    return Object.entries(record)
      .map(([key, value]) =>
        key === 'non_field_errors' || key === 'errors' ? pulpMessageOf(value) : `${key}: ${pulpMessageOf(value)}`,
      )
      .join('; ');
  }
  // What is left after the object branch: from JSON, a number or a boolean.
  return typeof body === 'number' || typeof body === 'boolean' ? String(body) : typeof body;
}
