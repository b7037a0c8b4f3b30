export * from './import-existing';
export * from './repository-reference';
export * from './source-repository';
export * from './branch-protection';
export * from './issue-label';
export * from './team';
