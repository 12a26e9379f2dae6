import { unknownResource } from '../errors';

/**
 * Task tokens: opaque to clients (base64url JSON), they carry what is needed to find the task again without
 * server-side bookkeeping, so they survive a restart. Page tokens are made the same way, in `./paging`.
 */

export interface DecisionTaskToken {
  kind: 'decision';
  runId: string;
  startedEventId: number;
}

export interface ActivityTaskToken {
  kind: 'activity';
  runId: string;
  activityId: string;
  startedEventId: number;
}

export type TaskToken = DecisionTaskToken | ActivityTaskToken;

export function encodeTaskToken(token: TaskToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

/** Anything that does not decode to a task token is an unknown task, as SWF answers for any stale token. */
export function decodeTaskToken(text: string, kind: TaskToken['kind']): TaskToken {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as TaskToken;
    if (token && token.kind === kind && typeof token.runId === 'string' && typeof token.startedEventId === 'number') {
      return token;
    }
  } catch {
    // fall through
  }
  throw staleTask();
}

export function staleTask() {
  return unknownResource('Unknown task token: the task was already completed, timed out, or its execution is closed');
}
