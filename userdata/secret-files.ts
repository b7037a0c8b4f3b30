// Secret inputs in user data. A secret is a Terraform expression of a sensitive variable; cloud-init gets it
// base64-encoded through a function the construct supplies (Terraform's base64encode), so the renderers stay
// free of cdktf and the value itself never appears in the synthesised JSON.

/** Turns a secret's expression into an expression of its base64 encoding. */
export type Base64Encoder = (expression: string) => string;

/** A file of cloud-init's `write_files`. */
export interface CloudConfigFile {
  readonly path: string;
  readonly permissions: string;
  readonly content: string;
  readonly encoding?: 'b64';
}

/** A root-only file holding one secret, base64-encoded. */
export function secretFile(path: string, expression: string, base64: Base64Encoder): CloudConfigFile {
  return { path, permissions: '0600', encoding: 'b64', content: base64(expression) };
}
