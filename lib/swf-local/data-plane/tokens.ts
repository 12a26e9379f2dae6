import { createHash } from 'node:crypto';
import { unknownResource, validationError } from '../errors';

/**
 * Task tokens and page tokens. Both are opaque to clients (base64url JSON) and carry what is needed to find the
 * task or page again without server-side bookkeeping, so they survive a restart.
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

/** SWF page tokens expire after 24 hours. */
const PAGE_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

interface PageTokenBody<T> {
  position: T;
  query: string;
  issued: number;
}

/** A page token bound to the query that issued it (so it cannot be replayed against other arguments). */
export function encodePageToken<T>(position: T, query: unknown, now: number): string {
  const body: PageTokenBody<T> = { position, query: fingerprint(query), issued: now };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function decodePageToken<T>(text: string, query: unknown, now: number): T {
  let body: PageTokenBody<T> | undefined;
  try {
    body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as PageTokenBody<T>;
  } catch {
    body = undefined;
  }
  if (!body || typeof body.query !== 'string' || typeof body.issued !== 'number' || body.position === undefined) {
    throw validationError('Specified token is not a valid page token');
  }
  if (body.query !== fingerprint(query)) throw validationError('Specified token was issued for a different request');
  if (now - body.issued > PAGE_TOKEN_LIFETIME_MS) throw validationError('Specified token has exceeded its maximum lifetime');
  return body.position;
}

function fingerprint(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url');
}
