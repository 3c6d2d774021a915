export * from './common.ts';
export * from './example.ts';
export * from './run.ts';
export * from './registry.ts';
