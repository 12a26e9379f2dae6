/**
 * What a worker fleet does. The value is passed to `cdk-swf worker --kind <value>`.
 */
export enum WorkerKind {
  /** Polls decision tasks and runs the workflow code (the `workflows` export of the worker module). */
  DECIDER = 'decider',
  /** Polls activity tasks and runs the activity handlers (the `activities` export of the worker module). */
  ACTIVITY = 'activity',
}
