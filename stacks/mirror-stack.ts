import { Construct } from 'constructs';
import { OpenstackProvider } from '../bindings/openstack/provider';
import { BackendConfig, MirrorConfig, OpenStackSettings, ReleaseTrainConfig } from '../config/model';
import { IPulpMirror, IPulpServer, PulpMirror, ReleaseTask } from '../constructs';
import { pulpTasks } from './release-tasks';
import { pulpOutputs, pulpServerProps } from './pulp-host';
import { ReleaseTrainStack } from './release-train-stack';
import { TerraformOutput } from 'cdktf';

export interface MirrorStackProps {
  readonly mirror: MirrorConfig;
  /** The Pulp the mirror syncs from (Ark). */
  readonly upstream: IPulpServer;
  /** Cloud defaults; a mirror on OpenStack may name its own cloud. */
  readonly openstack?: OpenStackSettings;
  /** @default - local state */
  readonly backend?: BackendConfig;
  /**
   * The whole config, for the tasks run after provisioning (wait, reconcile, mirror the pinned versions).
   * @default - no tasks
   */
  readonly config?: ReleaseTrainConfig;
}

/** A client site's Pulp mirror: on OpenStack, or an existing host (then the stack creates no resource). */
export class MirrorStack extends ReleaseTrainStack {
  public readonly mirror: IPulpMirror;
  /** What runs after provisioning, in order. */
  public readonly tasks: readonly ReleaseTask[];

  constructor(scope: Construct, id: string, props: MirrorStackProps) {
    const host = props.mirror.host;
    super(scope, id, {
      backend: props.backend,
      suppressions: host.kind === 'openstack' ? host.server.suppressions : [],
    });
    if (host.kind === 'existing') {
      this.mirror = PulpMirror.fromAttributes(this, 'Mirror', { upstream: props.upstream, apiUrl: host.url });
    } else {
      new OpenstackProvider(this, 'openstack', {
        cloud: host.cloud || props.openstack?.cloud,
        region: host.cloud ? undefined : props.openstack?.region,
      });
      this.mirror = new PulpMirror(this, 'Mirror', {
        upstream: props.upstream,
        server: pulpServerProps(this, host.server, 'mirror'),
      });
    }
    pulpOutputs(this, this.mirror, `the ${props.mirror.name} mirror`);
    const versionsFile = props.mirror.versionsFile;
    this.tasks = props.config
      ? pulpTasks(this, {
          config: props.config,
          target: this.mirror,
          targetIdentity: this.mirror.instanceId,
          mirror: versionsFile ? { versionsFile, upstream: props.upstream, content: props.mirror.content } : undefined,
        })
      : [];
    new TerraformOutput(this, 'upstream_api_url', {
      staticId: true,
      description: `Pulp API origin the ${props.mirror.name} mirror syncs from`,
      value: this.mirror.upstream.apiUrl,
    });
  }
}
