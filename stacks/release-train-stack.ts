import { Aspects, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BackendConfig } from '../config/model';
import { ReleaseTrainRules, RuleSuppression, suppressRule } from '../constructs/rules';
import { configureBackend } from './backend';

export interface ReleaseTrainStackProps {
  /** @default - a local state file at the project root */
  readonly backend?: BackendConfig;
  /**
   * Rule findings accepted for this whole stack, each with its reason.
   * @default []
   */
  readonly suppressions?: readonly RuleSuppression[];
}

/**
 * The base of every release-train stack: its state backend (stacks/backend.ts) and the security rule pack
 * (constructs/rules, RULES.md); a finding aborts synth unless suppressed with a reason.
 */
export abstract class ReleaseTrainStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: ReleaseTrainStackProps = {}) {
    super(scope, id);
    configureBackend(this, id, props.backend ?? { kind: 'local' });
    Aspects.of(this).add(new ReleaseTrainRules());
    for (const suppression of props.suppressions ?? []) suppressRule(this, suppression);
  }
}
