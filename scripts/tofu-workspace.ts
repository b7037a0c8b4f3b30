// The workspace of review/tofu-workspace.ts with the project-built OpenTofu and providers (scripts/toolchain.ts):
// what tests, `npm run summary` and `test-cloud` run. The product's `release-train review` takes the operator's
// tofu instead (operatorTofu).
import { toolchainEnv, toolchainLayout, ToolchainLayout } from './toolchain';
import { SynthesisedStack, TofuWorkspace as ReviewTofuWorkspace } from '../review/tofu-workspace';

export type { SynthesisedStack, TofuResult } from '../review/tofu-workspace';

/** The project-built tofu and its offline environment, as a TofuCommand. */
export function toolchainTofu(layout: ToolchainLayout = toolchainLayout()) {
  return { binary: layout.tofu.binary, env: toolchainEnv(layout) };
}

export class TofuWorkspace extends ReviewTofuWorkspace {
  /** As review/tofu-workspace.ts, with the project-built toolchain (`layout`). */
  constructor(
    stack: SynthesisedStack,
    layout: ToolchainLayout = toolchainLayout(),
    cloudsYaml?: string,
    workRoot?: string,
  ) {
    super(stack, toolchainTofu(layout), cloudsYaml, workRoot);
  }
}
