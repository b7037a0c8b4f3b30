// The security rule pack as an Aspect (STYLE.md §8): every rule runs over every generated resource;
// a finding is an error annotation, which aborts synth, unless the resource (or a scope above it) carries a
// suppression of that rule with a reason.
import {
  Annotations,
  DefaultTokenResolver,
  IAspect,
  StringConcat,
  TerraformProvider,
  TerraformResource,
  Tokenization,
} from 'cdktf';
import { IConstruct } from 'constructs';
import { ReleaseTrainValidationError } from '../validation';
import { WORLD_OPEN_ADMIN, WORLD_OPEN_INGRESS } from './network-rules';
import { ResourceView, SecurityRule } from './rule';
import { LITERAL_SECRET } from './secret-rules';
import { LISTENER_OPEN_TO_ALL, LISTENER_WITHOUT_TLS, PULP_WITHOUT_TLS, TOKEN_AUTH_IN_CLEAR } from './transport-rules';

/** Every rule, in RULES.md order. */
export const SECURITY_RULES: readonly SecurityRule[] = [
  WORLD_OPEN_ADMIN,
  WORLD_OPEN_INGRESS,
  LITERAL_SECRET,
  PULP_WITHOUT_TLS,
  TOKEN_AUTH_IN_CLEAR,
  LISTENER_WITHOUT_TLS,
  LISTENER_OPEN_TO_ALL,
];

export interface RuleSuppression {
  readonly id: string;
  /** Why the finding is accepted; at least 10 characters, shown to reviewers. */
  readonly reason: string;
}

const SUPPRESSIONS = 'release-train:suppressions';
const MIN_REASON = 10;

/** Accepts findings of rule `id` on `scope` and everything below it; the reason must say why. */
export function suppressRule(scope: IConstruct, suppression: RuleSuppression): void {
  if (!SECURITY_RULES.some((rule) => rule.id === suppression.id)) {
    throw new ReleaseTrainValidationError(
      `cannot suppress unknown rule ${JSON.stringify(suppression.id)} (expected one of ${SECURITY_RULES.map((r) => r.id).join(', ')})`,
      scope,
    );
  }
  if (suppression.reason.trim().length < MIN_REASON) {
    throw new ReleaseTrainValidationError(
      `suppression of ${suppression.id} needs a reason of at least ${MIN_REASON} characters, got ${JSON.stringify(suppression.reason)}`,
      scope,
    );
  }
  scope.node.addMetadata(SUPPRESSIONS, { id: suppression.id, reason: suppression.reason.trim() });
}

/** The suppressions in force on `node`: its own and its ancestors'. */
export function suppressionsOf(node: IConstruct): RuleSuppression[] {
  return node.node.scopes.flatMap((scope) =>
    scope.node.metadata.filter((m) => m.type === SUPPRESSIONS).map((m) => m.data as RuleSuppression),
  );
}

export class ReleaseTrainRules implements IAspect {
  visit(node: IConstruct): void {
    const view = viewOf(node);
    if (!view) return;
    const suppressed = new Set(suppressionsOf(node).map((s) => s.id));
    for (const rule of SECURITY_RULES) {
      if (suppressed.has(rule.id)) continue;
      if (rule.check(view) === 'noncompliant') {
        Annotations.of(node).addError(`${rule.id}: ${rule.summary}. Fix: ${rule.fix}.`);
      }
    }
  }
}

/**
 * What the rules see of a resource, or of a provider block (type `provider.<name>`: a token or a key in a
 * provider's configuration is as much a literal secret as one in a resource).
 */
function viewOf(node: IConstruct): ResourceView | undefined {
  if (node instanceof TerraformResource) {
    const type = node.terraformResourceType;
    return { type, attributes: resolvedBlock(node, (json) => json.resource?.[type]) };
  }
  if (node instanceof TerraformProvider) {
    const type = node.terraformResourceType;
    return { type: `provider.${type}`, attributes: resolvedBlock(node, (json) => json.provider?.[type]) };
  }
  return undefined;
}

/** The part of an element's synthesised JSON that the rules read: its blocks by type, then by name. */
interface SynthesisedBlocks {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly provider?: Record<string, readonly Record<string, unknown>[]>;
}

/** The one block of `element`'s synthesised JSON that `pick` selects (keyed by name, or a list of one). */
function resolvedBlock(
  element: TerraformResource | TerraformProvider,
  pick: (
    json: SynthesisedBlocks,
  ) => Record<string, Record<string, unknown>> | readonly Record<string, unknown>[] | undefined,
): Record<string, unknown> {
  const json = Tokenization.resolve(element.toTerraform(), {
    scope: element,
    resolver: new DefaultTokenResolver(new StringConcat()),
  }) as SynthesisedBlocks;
  const [attributes] = Object.values<Record<string, unknown>>(pick(json) ?? {});
  return attributes ?? {};
}
