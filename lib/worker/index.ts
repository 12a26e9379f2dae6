export { ActivityWorker, ActivityWorkerOptions, ActivityHandler, ActivityFailure, jsonActivity, SHUTDOWN_FAILURE_REASON } from './activity-worker';
export { ActivityContext } from './activity-context';
export { Decider, DeciderOptions, DecideFunction, WorkflowDefinition } from './decider';
export {
  DecisionBuilders,
  decisionBuilders,
  DecisionBuilderDefaults,
  ScheduleActivityOptions,
  ScheduleLambdaOptions,
  StartChildOptions,
  ContinueAsNewOptions,
  TimeoutValue,
} from './decisions';
export {
  WorkflowHistory,
  ActivityView,
  ActivityStatus,
  LambdaTaskView,
  LambdaTaskStatus,
  TimerView,
  SignalView,
  MarkerView,
  DecisionFailureView,
  summarizeHistory,
} from './history';
export { ActivityTaskGoneError, classifySwfError } from './errors';
export { PollingWorkerOptions, DEFAULT_DRAIN_SECONDS, defaultIdentity } from './polling-worker';
export { WorkerLogger, consoleLogger, silentLogger } from './log';
export { parseJson, toWireData } from './json';
export { handleShutdownSignals } from './signals';
export { readWorkerEnvironment, WorkerEnvironment, workflowVersions, activityVersions } from './env';
export { WorkerModule, loadWorkerModule, activitiesFrom, workflowsFrom } from './worker-module';
