// Cloud-init renderers, used by the constructs: plain functions from typed inputs to `#cloud-config` text.
export * from './secret-files';
export * from './pulp-server';
export * from './pulp-cluster-node';
export * from './build-host';
export * from './test-host';
