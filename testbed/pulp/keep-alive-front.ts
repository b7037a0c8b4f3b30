// A keep-alive front for a harness Pulp, as deployments have one: Pulp's API runs gunicorn's sync workers
// (pulpcore-api enforces its worker class), which answer every request with `Connection: close`. Clients
// of a deployed Pulp keep their connections open to the proxy in front of it instead: nginx in the pulp/pulp
// image that a PulpServer runs (pulp-oci-images' nginx.conf: keepalive_timeout 5, client_max_body_size 0 for
// the API), HAProxy in the Octavia load balancer of a PulpCluster. The harness puts nginx (Debian's) in front
// of each API with the image's settings, so that benchmarks measure what clients of a deployment see; the
// proxy opens one upstream connection per request, as the image's nginx does.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { commandExists } from '../../scripts/debian';

export interface KeepAliveFront {
  readonly url: string;
  readonly child: ChildProcess;
}

function nginxConfig(dir: string, port: number, upstreamPort: number): string {
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
  return `# Written by the Pulp test harness (testbed/pulp/keep-alive-front.ts).
daemon off;
worker_processes 1;
${process.getuid?.() === 0 ? 'user root root;' : ''}
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
    access_log off;
    ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n    ')}
    keepalive_timeout 5s;
    client_max_body_size 0;
    proxy_request_buffering off;
    proxy_buffering off;
    proxy_read_timeout 600s;
    proxy_send_timeout 600s;
    server {
        listen 127.0.0.1:${port};
        location / {
            proxy_pass http://127.0.0.1:${upstreamPort};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_redirect off;
        }
    }
}
`;
}

/** Starts nginx on `port` in front of the API on `upstreamPort`; undefined when nginx is not installed. */
export function startKeepAliveFront(dir: string, port: number, upstreamPort: number): KeepAliveFront | undefined {
  if (!commandExists('nginx')) return undefined;
  fs.mkdirSync(dir, { recursive: true });
  const config = path.join(dir, 'nginx.conf');
  fs.writeFileSync(config, nginxConfig(dir, port, upstreamPort));
  const out = fs.openSync(path.join(dir, 'nginx.out'), 'a');
  const child = spawn('nginx', ['-e', path.join(dir, 'error.log'), '-p', dir, '-c', config], {
    stdio: ['ignore', out, out],
    detached: true, // its own process group, stopped with the harness's others
  });
  fs.closeSync(out);
  child.unref();
  return { url: `http://127.0.0.1:${port}`, child };
}
