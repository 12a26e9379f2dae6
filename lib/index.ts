// The construct API only (compiled by jsii). The Node-only runtime is on subpath exports: cdk-swf/worker,
// cdk-swf/swf-local, cdk-swf/cli (package.json "exports").
export * from './construct-support/swf-timeout';
export * from './domain/domain-base';
export * from './domain/domain-retention';
export * from './domain/domain';
export * from './workflow-type/workflow-type';
export * from './activity-type/activity-type';
export * from './provider/swf-resource-provider';
export * from './worker-service';
export * from './lambda-role';
