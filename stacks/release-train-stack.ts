import { LocalBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/** Where `cdktf deploy` runs tofu for a stack, relative to the project root. */
const STACK_WORKING_DIR_DEPTH = 'cdktf.out/stacks/<stack>'.split('/').length;

/**
 * The base of every release-train stack. It keeps the state file at the project root, as cdktf's default
 * does, but through a relative path: cdktf's default writes the absolute path of the checkout into
 * cdk.tf.json, so the synthesised JSON would differ between clones and machines.
 */
export abstract class ReleaseTrainStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new LocalBackend(this, { path: `${'../'.repeat(STACK_WORKING_DIR_DEPTH)}terraform.${id}.tfstate` });
  }
}
