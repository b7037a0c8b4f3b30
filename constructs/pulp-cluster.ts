// Ark at scale: N API/content nodes and M worker nodes of one Pulp, behind an Octavia load balancer that
// terminates TLS with the operator's certificate (a Barbican container), on an external PostgreSQL and
// shared S3-compatible object storage. Node names are stable (`<name>-api-01`), so that growing N adds
// nodes without renaming any.
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { LbListenerV2 } from '../bindings/openstack/lb-listener-v2';
import { LbL7PolicyV2 } from '../bindings/openstack/lb-l7policy-v2';
import { LbL7RuleV2 } from '../bindings/openstack/lb-l7rule-v2';
import { LbLoadbalancerV2 } from '../bindings/openstack/lb-loadbalancer-v2';
import { LbMemberV2 } from '../bindings/openstack/lb-member-v2';
import { LbMonitorV2 } from '../bindings/openstack/lb-monitor-v2';
import { LbPoolV2 } from '../bindings/openstack/lb-pool-v2';
import { NetworkingFloatingipV2 } from '../bindings/openstack/networking-floatingip-v2';
import { INetwork } from './network';
import {
  ExternalDatabaseInput,
  PULP_API_PORT,
  PULP_CONTENT_PORT,
  pulpClusterNodeUserData,
} from '../userdata/pulp-cluster-node';
import { DEFAULT_PULP_IMAGE, IPulpServer, pulpNodeChecks, pulpUrls } from './pulp-server';
import { ObjectStorageInput } from '../userdata/pulp-server';
import { ISecurityGroup, SecurityGroup } from './security-group';
import { Server } from './server';
import { movedFrom } from './moved-from';
import { validateProps } from './validation';

export interface PulpClusterProps {
  /** Prefix of every name: `<name>-api-01`, `<name>-worker-01`, `<name>-lb`. */
  readonly name: string;
  /** Public DNS name, pointing at the load balancer (or its floating IP). */
  readonly hostname: string;
  readonly network: INetwork;
  /** Security groups of every node besides the backend group this construct makes (e.g. SSH for admins). */
  readonly securityGroups: readonly ISecurityGroup[];
  readonly flavorId: string;
  /** @default - flavorId */
  readonly workerFlavorId?: string;
  readonly imageId: string;
  /** @default 20 */
  readonly bootVolumeSizeGiB?: number;
  /** @default - no key pair */
  readonly keyPair?: string;
  /** @default DEFAULT_PULP_IMAGE */
  readonly pulpImage?: string;
  /** @default 3 */
  readonly apiNodes?: number;
  /** @default 2 */
  readonly workerNodes?: number;
  /**
   * Gunicorn processes per API and per content app, and task workers per worker node.
   * @default 2
   */
  readonly processesPerNode?: number;
  readonly database: ExternalDatabaseInput;
  readonly objectStorage: ObjectStorageInput;
  /** Barbican container of the public TLS certificate and key, which the load balancer terminates. */
  readonly tlsCertificateRef: string;
  /** Who may reach the load balancer (admins and content clients). */
  readonly allowedCidrs: readonly string[];
  /** Where the load balancer's requests to the nodes come from: the VIP subnet's CIDR. */
  readonly backendCidr: string;
  /** @default - no floating IP: the VIP's fixed address */
  readonly floatingIpPool?: string;
  /** @default - the admin user is left alone */
  readonly adminPassword?: string;
  /** @default true */
  readonly tokenAuth?: boolean;
  /** @default {} */
  readonly metadata?: Readonly<Record<string, string>>;
}

const CONTENT_PATHS = ['/pulp/content/', '/pulp/container/'];

export class PulpCluster extends Construct implements IPulpServer {
  public readonly apiUrl: string;
  public readonly contentUrl: string;
  public readonly registryHost: string;
  public readonly apiServers: readonly Server[];
  /** The leader's (the first API node's): it runs the migrations. */
  public readonly instanceId: string;
  public readonly workerServers: readonly Server[];
  /** The load balancer's fixed VIP address. */
  public readonly vipAddress: string;
  /** The floating IP, when one was asked for. */
  public readonly floatingIp?: string;

  constructor(scope: Construct, id: string, props: PulpClusterProps) {
    super(scope, id);
    const image = props.pulpImage ?? DEFAULT_PULP_IMAGE;
    const counts = {
      apiNodes: props.apiNodes ?? 3,
      workerNodes: props.workerNodes ?? 2,
      processesPerNode: props.processesPerNode ?? 2,
    };
    validateProps(this, pulpNodeChecks(image, props.hostname, counts));

    const backend = new SecurityGroup(this, 'Backend', {
      name: `${props.name}-backend`,
      description: `${props.name}: Pulp API and content apps, from the load balancer only`,
      ingress: [PULP_API_PORT, PULP_CONTENT_PORT].map((port) => ({
        description: `Pulp ${port === PULP_API_PORT ? 'API' : 'content'} from the load balancer`,
        protocol: 'tcp' as const,
        fromPort: port,
        remoteCidr: props.backendCidr,
      })),
    });
    // Hosts under one scope per role, each by its host name less the cluster's name (as TestEnvironment).
    const roleScopes = { api: new Construct(this, 'Api'), worker: new Construct(this, 'Workers') };
    const node = (role: 'api' | 'worker', index: number) => {
      const number = String(index + 1).padStart(2, '0');
      const server = new Server(roleScopes[role], `${role}-${number}`, {
        name: `${props.name}-${role}-${number}`,
        network: props.network,
        securityGroups: [...props.securityGroups, ...(role === 'api' ? [backend] : [])],
        flavorId: role === 'worker' ? (props.workerFlavorId ?? props.flavorId) : props.flavorId,
        imageId: props.imageId,
        bootVolumeSizeGiB: props.bootVolumeSizeGiB,
        keyPair: props.keyPair,
        metadata: { ...props.metadata, 'release-train-pulp-role': role },
        userData: pulpClusterNodeUserData({
          hostname: props.hostname,
          image,
          tokenAuth: props.tokenAuth ?? true,
          tls: true,
          adminPassword: props.adminPassword,
          objectStorage: props.objectStorage,
          database: props.database,
          base64: (text) => Fn.base64encode(text),
          role,
          leader: role === 'api' && index === 0,
          processes: counts.processesPerNode,
        }),
        ignoreUserDataChanges: true,
      });
      // Earlier deployments have these hosts as Api01, Worker01, ... directly under the cluster.
      movedFrom(server, this, `${role === 'api' ? 'Api' : 'Worker'}${number}`);
      return server;
    };
    this.apiServers = Array.from({ length: counts.apiNodes }, (_, i) => node('api', i));
    this.instanceId = this.apiServers[0].instanceId;
    this.workerServers = Array.from({ length: counts.workerNodes }, (_, i) => node('worker', i));

    const lb = new LbLoadbalancerV2(this, 'LoadBalancer', {
      name: `${props.name}-lb`,
      vipSubnetId: props.network.subnetId,
      description: `${props.hostname}: Pulp API, content and registry`,
    });
    const api = this.pool('Api', `${props.name}-api`, lb.id, '/pulp/api/v3/status/');
    const content = this.pool('Content', `${props.name}-content`, lb.id, '/pulp/content/');
    const listener = new LbListenerV2(this, 'Https', {
      name: `${props.name}-https`,
      loadbalancerId: lb.id,
      protocol: 'TERMINATED_HTTPS',
      protocolPort: 443,
      defaultTlsContainerRef: props.tlsCertificateRef,
      defaultPoolId: api.id,
      allowedCidrs: [...props.allowedCidrs],
      insertHeaders: { 'X-Forwarded-For': 'true', 'X-Forwarded-Proto': 'true' },
      // Syncs of large repositories stream for a long time.
      timeoutClientData: 600_000,
      timeoutMemberData: 600_000,
    });
    CONTENT_PATHS.forEach((prefix, i) => {
      const policy = new LbL7PolicyV2(this, `ContentPath${i + 1}`, {
        name: `${props.name}-content-${i + 1}`,
        listenerId: listener.id,
        action: 'REDIRECT_TO_POOL',
        redirectPoolId: content.id,
        position: i + 1,
      });
      new LbL7RuleV2(this, `ContentPath${i + 1}Rule`, {
        l7PolicyId: policy.id,
        type: 'PATH',
        compareType: 'STARTS_WITH',
        value: prefix,
      });
    });
    this.apiServers.forEach((server, i) => {
      const number = String(i + 1).padStart(2, '0');
      for (const [pool, port, poolName] of [
        [api, PULP_API_PORT, 'Api'],
        [content, PULP_CONTENT_PORT, 'Content'],
      ] as const) {
        new LbMemberV2(this, `${poolName}Member${number}`, {
          poolId: pool.id,
          address: server.privateIpV4,
          protocolPort: port,
          subnetId: props.network.subnetId,
          name: `${props.name}-api-${number}`,
        });
      }
    });
    if (props.floatingIpPool) {
      const floatingIp = new NetworkingFloatingipV2(this, 'FloatingIp', {
        pool: props.floatingIpPool,
        portId: lb.vipPortId,
        description: `${props.hostname} (${props.name} load balancer)`,
        dependsOn: props.network.externalRoute ? [props.network.externalRoute] : undefined,
      });
      this.floatingIp = floatingIp.address;
    }
    this.vipAddress = lb.vipAddress;
    const urls = pulpUrls(props.hostname);
    this.apiUrl = urls.apiUrl;
    this.contentUrl = urls.contentUrl;
    this.registryHost = urls.registryHost;
  }

  /** An HTTP pool whose members are healthy while `healthPath` answers 200. */
  private pool(id: string, name: string, loadbalancerId: string, healthPath: string): LbPoolV2 {
    const pool = new LbPoolV2(this, `${id}Pool`, {
      name,
      loadbalancerId,
      protocol: 'HTTP',
      lbMethod: 'LEAST_CONNECTIONS',
    });
    new LbMonitorV2(this, `${id}Monitor`, {
      poolId: pool.id,
      type: 'HTTP',
      httpMethod: 'GET',
      urlPath: healthPath,
      expectedCodes: '200',
      delay: 10,
      timeout: 5,
      maxRetries: 3,
    });
    return pool;
  }
}
