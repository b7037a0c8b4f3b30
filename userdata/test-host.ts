// User data of every host of a test environment (constructs/test-environment.ts).

/**
 * Cloud-init for every host: no mount of the second disk (an entry of just the device removes cloud-init's
 * default mount of it: Kayobe formats the extra disks itself), and the tools its playbooks expect.
 */
export const TEST_HOST_USER_DATA = `#cloud-config
mounts:
  - [vdb]
packages: [openssh-clients, git, vim, tmux]
`;
