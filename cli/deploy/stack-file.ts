// What a synthesised stack's cdk.tf.json tells about a Terraform address: the construct path cdktf recorded in
// its `//` metadata (the name an operator knows from the code and the config), the name a lookup asked for,
// the cloud of the openstack provider and the kind of state backend.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The folder cdktf synthesises a stack into, below the output folder (`cdktf.out`). */
export function stackDirOf(outputDir: string, stack: string): string {
  return path.join(outputDir, 'stacks', stack);
}

export class StackFile {
  readonly json: any;

  constructor(
    readonly stack: string,
    /** The cdk.tf.json, as the operator should read its path in an error (relative when under the cwd). */
    readonly file: string,
  ) {
    this.json = JSON.parse(fs.readFileSync(file, 'utf8'));
  }

  static inOutput(outputDir: string, stack: string): StackFile {
    const file = path.join(stackDirOf(outputDir, stack), 'cdk.tf.json');
    const shown = path.relative(process.cwd(), file);
    return new StackFile(stack, shown.startsWith('..') ? file : shown);
  }

  /** The block behind an address (`type.name` or `data.type.name`; an index `[0]` or `["k"]` is dropped). */
  private block(address: string): any {
    const parts = address.replace(/\[[^\]]*\]$/, '').split('.');
    const [section, type, name] = parts[0] === 'data' ? ['data', parts[1], parts[2]] : ['resource', parts[0], parts[1]];
    return this.json[section]?.[type]?.[name];
  }

  /** `ark/Pulp/Server` for `openstack_compute_instance_v2.Pulp_Server_0E085D49`; the stack alone if unknown. */
  constructPath(address?: string): string {
    const recorded: unknown = address ? this.block(address)?.['//']?.metadata?.path : undefined;
    return typeof recorded === 'string' ? recorded.replace(/\/Resource$/, '') : this.stack;
  }

  /** The `name` a data source looks up (a flavor, an image, a network), if it is a literal. */
  lookupName(address: string): string | undefined {
    const name: unknown = this.block(address)?.name;
    return typeof name === 'string' && !name.includes('${') ? name : undefined;
  }

  /** The clouds.yaml entry the stack's openstack provider uses (the first provider block's). */
  cloud(): string | undefined {
    const providers = this.json.provider?.openstack;
    const first = Array.isArray(providers) ? providers[0] : providers;
    return typeof first?.cloud === 'string' ? first.cloud : undefined;
  }

  /** `local`, `pg`, `s3`, `http`, ... as synthesised (cdktf's default is local). */
  backendKind(): string {
    return Object.keys(this.json.terraform?.backend ?? { local: {} })[0] ?? 'local';
  }

  /** 1-based line of the first occurrence of `"key"` in the file (where an error without a range points). */
  lineOf(key: string): number {
    const text = fs.readFileSync(path.resolve(this.file), 'utf8');
    const at = text.indexOf(`"${key}"`);
    return at < 0 ? 1 : text.slice(0, at).split('\n').length;
  }
}
