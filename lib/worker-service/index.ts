export * from './worker-kind';
export * from './worker-image';
export * from './worker-service';
