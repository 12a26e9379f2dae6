/**
 * The decision pseudo-actions every decider may make. IAM checks each decision in RespondDecisionTaskCompleted as
 * its own action; these have no condition keys (the scheduling decisions, which do, are granted per type).
 */
export const BASIC_DECISION_ACTIONS: readonly string[] = [
  'swf:CompleteWorkflowExecution',
  'swf:FailWorkflowExecution',
  'swf:CancelWorkflowExecution',
  'swf:StartTimer',
  'swf:CancelTimer',
  'swf:RecordMarker',
  'swf:RequestCancelActivityTask',
];
