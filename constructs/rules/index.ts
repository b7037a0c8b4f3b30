export * from './rule';
export * from './network-rules';
export * from './secret-rules';
export * from './transport-rules';
export * from './rule-pack';
export * from '../../config/rule-ids';
