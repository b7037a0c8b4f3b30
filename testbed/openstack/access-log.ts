// API calls counted from the services' own access logs (<state>/log/<service>.log): the uwsgi services
// (Keystone, Placement, Nova, Cinder, Octavia, Barbican) write `access <method> <uri> <status> <ms>` lines
// (services.ts sets that format); Neutron and Glance run eventlet's server, which logs each request as
// `"<method> <path> HTTP/1.1" <status>`. Every request is counted, from tofu's provider and from one
// service to another (Nova asks Neutron, Glance, Cinder and Placement; Octavia asks Neutron and Barbican;
// each service validates tokens with Keystone), plus the few a service makes by itself meanwhile
// (nova-compute's periodic Placement report).
import * as fs from 'node:fs';
import * as path from 'node:path';

export const API_LOGS = {
  keystone: 'keystone.log',
  placement: 'placement.log',
  nova: 'nova-api.log',
  neutron: 'neutron-server.log',
  glance: 'glance-api.log',
  cinder: 'cinder-api.log',
  octavia: 'octavia-api.log',
  barbican: 'barbican-api.log',
} as const;

export type ApiName = keyof typeof API_LOGS;

const REQUEST_LINE = /^access [A-Z]+ \S+ \d{3} |"(?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \S+ HTTP\/1\.[01]"/;

/** Where each log ended at one moment: `callsSince` counts the request lines written after it. */
export type LogMark = Readonly<Record<ApiName, number>>;

export class AccessLogs {
  constructor(private readonly logDir: string) {}

  mark(): LogMark {
    const sizes = {} as Record<ApiName, number>;
    for (const [api, file] of Object.entries(API_LOGS) as [ApiName, string][]) {
      sizes[api] = fs.existsSync(path.join(this.logDir, file)) ? fs.statSync(path.join(this.logDir, file)).size : 0;
    }
    return sizes;
  }

  callsSince(mark: LogMark): Record<ApiName, number> {
    const calls = {} as Record<ApiName, number>;
    for (const [api, file] of Object.entries(API_LOGS) as [ApiName, string][]) {
      const full = path.join(this.logDir, file);
      const end = fs.existsSync(full) ? fs.statSync(full).size : 0;
      let text = '';
      if (end > mark[api]) {
        const buffer = Buffer.alloc(end - mark[api]);
        const fd = fs.openSync(full, 'r');
        try {
          fs.readSync(fd, buffer, 0, buffer.length, mark[api]);
        } finally {
          fs.closeSync(fd);
        }
        text = buffer.toString('utf8');
      }
      calls[api] = text.split('\n').filter((line) => REQUEST_LINE.test(line)).length;
    }
    return calls;
  }
}
