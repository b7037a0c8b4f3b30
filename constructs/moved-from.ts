// Terraform addresses come from construct paths. When constructs move in the tree, `moved` blocks carry an
// existing deployment's state to the new addresses, so that the move plans no destroy and no create.
import { TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
// cdktf's own address scheme (what TerraformStack.allocateLogicalId uses); the package does not re-export it.
import { makeUniqueId } from 'cdktf/lib/private/unique';

function pathInStack(construct: IConstruct): string[] {
  const stack = TerraformStack.of(construct);
  const scopes = construct.node.scopes;
  return scopes.slice(scopes.indexOf(stack) + 1).map((scope) => scope.node.id);
}

/**
 * Declares that every resource under `moved` was, before, under `formerParent` with the id `formerId` (the
 * same subtree below it): each gets a `moved` block from its former address.
 */
export function movedFrom(moved: IConstruct, formerParent: IConstruct, formerId: string): void {
  const base = pathInStack(moved).length;
  const former = [...pathInStack(formerParent), formerId];
  for (const resource of moved.node.findAll().filter((c) => TerraformResource.isTerraformResource(c))) {
    const below = pathInStack(resource).slice(base);
    resource.moveFromId(`${resource.terraformResourceType}.${makeUniqueId([...former, ...below])}`);
  }
}
