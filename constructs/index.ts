export * from './network';
export * from './security-group';
export * from './server';
export * from './validation';
export * from './openstack-lookup';
export * from './rules';
export * from './pulp-server';
export * from './pulp-user-data';
