export * from './container-tags';
export * from './content';
export * from './errors';
export * from './load';
export * from './model';
export { PROJECT_ROOT } from './project-root';
