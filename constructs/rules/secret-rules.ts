// No secret may reach the synthesised JSON (and so the plan, the state's config and reviewers' screens):
// secrets are generated on the server or passed as sensitive variables, never as literals.
import { ResourceView, RuleResult, SecurityRule } from './rule';

const SECRET_SHAPES: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  // A quoted literal, or a bare word that is not a call (`_secret("/path")` reads a file at start-up); an
  // absolute path names a file that holds the secret (Pulp's DB_ENCRYPTION_KEY is one).
  /\b(SECRET_KEY|DB_ENCRYPTION_KEY|PASSWORD|TOKEN)\s*[=:]\s*((["'])(?!\/)[^"'\s$]{6,}\3|[A-Za-z0-9+=_.-][A-Za-z0-9+/=_.-]{5,}(?=\s|$))/i,
  /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, // credentials inside a URL
  /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/, // GitHub tokens (classic and fine-grained)
];

/** Strings that look like a literal secret; `${var.x}` references are not literals. */
export function literalSecretIn(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const withoutReferences = value.replace(/\$\{[^}]*\}/g, '');
    return SECRET_SHAPES.find((shape) => shape.test(withoutReferences))?.source;
  }
  if (Array.isArray(value)) return value.map(literalSecretIn).find(Boolean);
  if (value && typeof value === 'object') return Object.values(value).map(literalSecretIn).find(Boolean);
  return undefined;
}

export const LITERAL_SECRET: SecurityRule = {
  id: 'RT-SEC1',
  summary: 'a resource or provider attribute (e.g. user data, a token) holds what looks like a literal secret',
  fix: 'generate the secret on the server at first boot, or pass it as a sensitive Terraform variable',
  check(resource: ResourceView): RuleResult {
    return literalSecretIn(resource.attributes) ? 'noncompliant' : 'compliant';
  },
};
