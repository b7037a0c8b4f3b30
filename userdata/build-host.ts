// User data of a build host: registers it once as a CI runner with the token from a sensitive variable,
// then removes the token file.
import { stringify } from 'yaml';
import { Base64Encoder, secretFile } from './secret-files';

export interface RunnerUserDataInput {
  /** Version of the GitHub Actions runner. */
  readonly version: string;
  /** Where the runner registers. */
  readonly runnerUrl: string;
  readonly hostName: string;
  readonly labels: readonly string[];
  /** Expression of the sensitive registration token variable. */
  readonly registrationToken: string;
  readonly base64: Base64Encoder;
}

export function runnerUserData(input: RunnerUserDataInput): string {
  const { version, hostName } = input;
  const script = `#!/bin/sh
# Written by release-train (userdata/build-host.ts): registers this host once; the token file is removed.
set -eu
id runner >/dev/null 2>&1 || useradd --create-home --shell /bin/bash runner
cd /home/runner
if [ ! -f .runner ]; then
  curl -fsSL -o runner.tar.gz https://github.com/actions/runner/releases/download/v${version}/actions-runner-linux-x64-${version}.tar.gz
  tar xzf runner.tar.gz && rm runner.tar.gz && chown -R runner: .
  su runner -c "./config.sh --unattended --url ${input.runnerUrl} --token \\"\\$(cat /etc/release-train/secrets/runner_token)\\" --name ${hostName} --labels ${input.labels.join(',')} --replace"
  ./svc.sh install runner && ./svc.sh start
fi
rm -f /etc/release-train/secrets/runner_token
`;
  const config = {
    package_update: true,
    packages: ['podman', 'git', 'curl', 'qemu-utils'],
    write_files: [
      secretFile('/etc/release-train/secrets/runner_token', input.registrationToken, input.base64),
      { path: '/usr/local/sbin/release-train-register-runner', permissions: '0700', content: script },
    ],
    runcmd: [['/usr/local/sbin/release-train-register-runner']],
  };
  return `#cloud-config\n${stringify(config, { lineWidth: 0 })}`;
}
