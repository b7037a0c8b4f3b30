// Taking over what exists on GitHub already: an `import` block (Terraform >= 1.5, OpenTofu >= 1.5) with the
// provider's import ID, so that the first plan adopts the object instead of creating a second one (or
// failing on a name that is taken). Once the object is in the state the block is a no-op.
import { TerraformResource } from 'cdktf';

/** Adds the import block when `importExisting` is set; the ID must be known at synth time. */
export function importWhenExisting(resource: TerraformResource, importExisting: boolean, importId: string): void {
  if (importExisting) resource.importFrom(importId);
}

/**
 * The slug GitHub gives a team of this name (lowercase, spaces as `-`): import IDs and `team_id` accept it
 * in place of the numeric ID, which only GitHub knows. Team names are limited to letters, digits, spaces
 * and `-` (config/source-repos-reader.ts), for which this is exact.
 */
export function teamSlug(name: string): string {
  return name.toLowerCase().replace(/\s+/g, '-');
}
