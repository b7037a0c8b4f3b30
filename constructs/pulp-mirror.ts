// A client site's Pulp: it syncs from its upstream (Ark) with the site's credentials and serves the site's
// hosts. It runs on OpenStack (a PulpServer made here) or on a host that exists already (`fromAttributes`:
// only its URL, no OpenStack resource). The upstream is always a construct, never a raw URL, so that a
// mirror cannot point at something the app does not know.
import { Construct } from 'constructs';
import { IPulpServer, PulpServer, PulpServerProps, pulpUrls } from './pulp-server';
import { validateProps } from './validation';

export interface IPulpMirror extends IPulpServer {
  /** The Pulp this mirror syncs from. */
  readonly upstream: IPulpServer;
}

export interface PulpMirrorProps {
  readonly upstream: IPulpServer;
  /** The mirror's own server on OpenStack. */
  readonly server: PulpServerProps;
}

export interface PulpMirrorAttributes {
  readonly upstream: IPulpServer;
  /** The existing Pulp's origin, e.g. `https://pulp.site.example.net` (the API is under /pulp/api/v3/). */
  readonly apiUrl: string;
}

const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

function checkUpstream(scope: Construct, apiUrl: string, upstream: IPulpServer): void {
  validateProps(scope, [
    {
      invalid: !ORIGIN.test(apiUrl),
      message: `apiUrl must be an origin such as https://pulp.site.example.net, got ${JSON.stringify(apiUrl)}`,
    },
    {
      invalid: apiUrl === upstream.apiUrl,
      message: `a mirror cannot be its own upstream (${apiUrl})`,
    },
  ]);
}

export class PulpMirror extends Construct implements IPulpMirror {
  /** A Pulp that exists already: nothing is created, its URLs are known from its origin. */
  public static fromAttributes(scope: Construct, id: string, attrs: PulpMirrorAttributes): IPulpMirror {
    class Existing extends Construct implements IPulpMirror {
      public readonly upstream = attrs.upstream;
      public readonly apiUrl = attrs.apiUrl;
      public readonly contentUrl = `${attrs.apiUrl}/pulp/content/`;
      public readonly registryHost = new URL(attrs.apiUrl).host;
    }
    const existing = new Existing(scope, id);
    checkUpstream(existing, attrs.apiUrl, attrs.upstream);
    return existing;
  }

  public readonly upstream: IPulpServer;
  public readonly apiUrl: string;
  public readonly contentUrl: string;
  public readonly registryHost: string;
  public readonly server: PulpServer;
  public readonly instanceId: string;

  constructor(scope: Construct, id: string, props: PulpMirrorProps) {
    super(scope, id);
    const urls = pulpUrls(props.server.hostname, props.server.tls ?? true);
    checkUpstream(this, urls.apiUrl, props.upstream);
    this.server = new PulpServer(this, 'Server', props.server);
    this.instanceId = this.server.instanceId;
    this.upstream = props.upstream;
    this.apiUrl = this.server.apiUrl;
    this.contentUrl = this.server.contentUrl;
    this.registryHost = this.server.registryHost;
  }
}
