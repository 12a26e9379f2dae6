import { ExecutionRecord, isOpen, refOf, seconds } from './model';

/** SWF's WorkflowExecutionInfo of an execution. */
export function executionInfo(execution: ExecutionRecord): Record<string, unknown> {
  return {
    execution: refOf(execution),
    workflowType: execution.workflowType,
    startTimestamp: seconds(execution.startedAt),
    closeTimestamp: execution.closedAt === undefined ? undefined : seconds(execution.closedAt),
    executionStatus: isOpen(execution) ? 'OPEN' : 'CLOSED',
    closeStatus: execution.closeStatus,
    parent: execution.parent ? { workflowId: execution.parent.workflowId, runId: execution.parent.runId } : undefined,
    tagList: execution.tagList.length ? execution.tagList : undefined,
    cancelRequested: execution.cancelRequested,
  };
}
