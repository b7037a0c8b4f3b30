// tofu's error diagnostics as the project's one-line errors, `file:line:col key.path: message`: the file and
// position are the resource's block in cdk.tf.json, the key path is its construct path (which starts with
// the stack's name), the Terraform address follows in parentheses, and the message is what the operator has
// to act on, read out of the provider's wording. Errors with the same message (a refused password hits every
// resource that calls the cloud) become one line.
import { formatIssue } from '../../config/errors';
import { httpRefusalOf, isEmptyLookup, oneLine, StateLockInfo, stateLockOf, TofuDiagnostic } from './diagnostics';
import { serversInError } from './server-faults';
import { StackFile } from './stack-file';

/** What went wrong, for the exit code: credentials refused, state locked, anything else. */
export type DeployFailureKind = 'auth' | 'locked' | 'failed';

export interface DeployReport {
  readonly lines: string[];
  readonly kind: DeployFailureKind;
}

/** What a lookup's data source type looks up, in the operator's words. */
const LOOKED_UP: Readonly<Record<string, string>> = {
  openstack_compute_flavor_v2: 'flavor',
  openstack_images_image_v2: 'image',
  openstack_networking_network_v2: 'network',
  openstack_networking_subnet_v2: 'subnet',
};

interface Described {
  readonly message: string;
  readonly kind: DeployFailureKind;
}

/**
 * @param faults a server in ERROR's fault as Nova gives it (the provider leaves it out), by server ID
 * @param stackDir where tofu ran, for the force-unlock advice
 */
export function reportOf(
  diagnostics: readonly TofuDiagnostic[],
  stack: StackFile,
  faults: ReadonlyMap<string, string> = new Map(),
  stackDir = '.',
): DeployReport {
  const byMessage = new Map<string, { first: TofuDiagnostic; addresses: string[] }>();
  let kind: DeployFailureKind = 'failed';
  for (const diagnostic of diagnostics.filter((d) => d.severity === 'error')) {
    const described = describe(diagnostic, stack, faults, stackDir);
    if (described.kind !== 'failed') kind = described.kind;
    const same = byMessage.get(described.message);
    if (same) same.addresses.push(diagnostic.address ?? stack.stack);
    else byMessage.set(described.message, { first: diagnostic, addresses: [diagnostic.address ?? stack.stack] });
  }
  const lines = [...byMessage].map(([message, { first, addresses }]) => {
    const also = addresses.length > 1 ? ` (also ${addresses.slice(1).join(', ')})` : '';
    const where = first.address ? ` (${first.address})` : '';
    return formatIssue({
      file: stack.file,
      line: first.range?.line ?? stack.lineOf(first.address ? 'resource' : 'backend'),
      col: first.range?.column ?? 1,
      keyPath: `${stack.constructPath(first.address)}${where}`,
      message: `${message}${also}`,
    });
  });
  return { lines, kind };
}

function describe(
  diagnostic: TofuDiagnostic,
  stack: StackFile,
  faults: ReadonlyMap<string, string>,
  stackDir: string,
): Described {
  const lock = stateLockOf(diagnostic);
  if (lock) return { message: lockMessage(lock, stack, stackDir), kind: 'locked' };
  const text = oneLine(`${diagnostic.summary} ${diagnostic.detail}`);
  if (isEmptyLookup(diagnostic)) {
    const type = diagnostic.address!.split('.')[1];
    const name = stack.lookupName(diagnostic.address!);
    const what = LOOKED_UP[type] ?? type;
    const inCloud = stack.cloud() ? ` in cloud "${stack.cloud()}"` : '';
    return {
      message: `no ${what}${name ? ` named "${name}"` : ''}${inCloud} (the lookup by name found none)`,
      kind: 'failed',
    };
  }
  const refusal = httpRefusalOf(diagnostic.summary) ?? httpRefusalOf(text);
  if (refusal?.status === 401 && /\/auth\/tokens$/.test(refusal.path)) {
    const cloud = stack.cloud() ? `cloud "${stack.cloud()}"` : 'the cloud';
    return {
      message: `Keystone refused the credentials of ${cloud} in clouds.yaml (HTTP 401: ${refusal.message})`,
      kind: 'auth',
    };
  }
  if (refusal) {
    return {
      message: `${refusal.doing}: HTTP ${refusal.status} from ${refusal.method} ${refusal.path}: ${refusal.message}`,
      kind: 'failed',
    };
  }
  const [server] = serversInError(text);
  const fault = server ? faults.get(server) : undefined;
  if (server && fault) return { message: `server ${server} went to ERROR: ${fault}`, kind: 'failed' };
  return { message: text, kind: 'failed' };
}

/**
 * The local backend's lock is an OS lock on the state file, held only while a tofu runs (a killed tofu's
 * lock goes with it; the `.lock.info` file it leaves blocks nothing), and `force-unlock` refuses local state.
 * Every other backend keeps its lock until released: force-unlock is the way out once no run is left.
 */
function lockMessage(lock: StateLockInfo, stack: StackFile, stackDir: string): string {
  const held = lock.id
    ? `lock ID ${lock.id}${lock.operation ? `, ${lock.operation}` : ''}${lock.who ? ` by ${lock.who}` : ''}${lock.created ? ` since ${lock.created}` : ''}`
    : (lock.reason ?? 'no lock information');
  if (stack.backendKind() === 'local') {
    return `the state is locked by a tofu that is still running (${held}): wait for it to end, or stop it; the local lock ends with its process`;
  }
  const unlock = lock.id ? `(cd ${stackDir} && tofu force-unlock ${lock.id})` : `tofu force-unlock <ID> in ${stackDir}`;
  return `the state is locked (${held}): if no deploy of ${stack.stack} runs any more, release it: ${unlock}`;
}
