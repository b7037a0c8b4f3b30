import { Aspects, LocalBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ReleaseTrainRules, RuleSuppression, suppressRule } from '../constructs/rules';

/** Where `cdktf deploy` runs tofu for a stack, relative to the project root. */
const STACK_WORKING_DIR_DEPTH = 'cdktf.out/stacks/<stack>'.split('/').length;

/**
 * The base of every release-train stack. It keeps the state file at the project root, as cdktf's default
 * does, but through a relative path: cdktf's default writes the absolute path of the checkout into
 * cdk.tf.json, so the synthesised JSON would differ between clones and machines. Every stack runs the
 * security rule pack (constructs/rules, RULES.md); a finding aborts synth unless suppressed with a reason.
 */
export abstract class ReleaseTrainStack extends TerraformStack {
  /** @param suppressions rule findings accepted for this whole stack, each with its reason */
  constructor(scope: Construct, id: string, suppressions: readonly RuleSuppression[] = []) {
    super(scope, id);
    new LocalBackend(this, { path: `${'../'.repeat(STACK_WORKING_DIR_DEPTH)}terraform.${id}.tfstate` });
    Aspects.of(this).add(new ReleaseTrainRules());
    for (const suppression of suppressions) suppressRule(this, suppression);
  }
}
