import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { unknownResource } from '../errors';
import type { Store } from '../store';

/**
 * Task tokens carry what is needed to find the task again without server-side bookkeeping, so they survive a
 * restart; they are signed (HMAC-SHA256 with a key kept in the store, so in the data directory) so that a token built
 * from ids seen in a listing is refused. Page tokens are made in `./paging`.
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

const SECRETS = 'secrets';
const TASK_TOKEN_KEY = 'taskTokenKey';

/** The signing key: made once per store (per data directory), journaled like any record. */
function signingKey(store: Store): Buffer {
  let key = store.get<string>(SECRETS, TASK_TOKEN_KEY);
  if (typeof key !== 'string') key = store.put(SECRETS, TASK_TOKEN_KEY, randomBytes(32).toString('base64'));
  return Buffer.from(key, 'base64');
}

function sign(store: Store, payload: string): Buffer {
  return createHmac('sha256', signingKey(store)).update(payload).digest();
}

export function encodeTaskToken(store: Store, token: TaskToken): string {
  const payload = Buffer.from(JSON.stringify(token)).toString('base64url');
  return `${payload}.${sign(store, payload).toString('base64url')}`;
}

/** Anything that is not a token this swf-local signed is an unknown task, as SWF answers for any stale token. */
export function decodeTaskToken(store: Store, text: string, kind: TaskToken['kind']): TaskToken {
  const dot = text.lastIndexOf('.');
  const payload = text.slice(0, dot);
  const signature = Buffer.from(text.slice(dot + 1), 'base64url');
  const expected = sign(store, payload);
  if (dot > 0 && signature.length === expected.length && timingSafeEqual(signature, expected)) {
    try {
      const token = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TaskToken;
      if (token && token.kind === kind && typeof token.runId === 'string' && typeof token.startedEventId === 'number') {
        return token;
      }
    } catch {
      // fall through
    }
  }
  throw staleTask();
}

export function staleTask() {
  return unknownResource('Unknown task token: the task was already completed, timed out, or its execution is closed');
}
