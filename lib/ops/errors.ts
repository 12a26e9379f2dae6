/**
 * The one place where failures from the SDK (SWF faults, credentials, network) become the one-line messages the
 * operator CLI prints. Commands say what they were working on (a `FaultContext`); the message names that thing.
 */
import { networkErrorCode } from '../common/endpoint-unreachable';

/** An error whose message is already fit for a person: the CLI prints it as `cdk-swf: <message>` and exits 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export type TypeKind = 'workflow' | 'activity';

/** What the failing call was about, so a message can name it. */
export interface FaultContext {
  readonly domain?: string;
  readonly type?: { readonly kind: TypeKind; readonly name: string; readonly version?: string };
  readonly execution?: { readonly workflowId: string; readonly runId?: string };
  /** The call needs an open execution (signal, cancel, terminate): an unknown execution means "not open". */
  readonly executionMustBeOpen?: boolean;
  /** The endpoint the client was pointed at, for connection errors. */
  readonly endpoint?: string;
}

interface ErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly errors?: unknown[];
  readonly address?: string;
  readonly port?: number;
}

/** Turns anything thrown while talking to SWF into one human line. */
export function humanMessage(error: unknown, context: FaultContext = {}): string {
  if (error instanceof CliError) return error.message;
  const err = (error ?? {}) as ErrorLike;
  const swfMessage = (err.message ?? '').trim();
  const domain = quote(context.domain);

  switch (err.name) {
    case 'UnknownResourceFault':
      return unknownResource(swfMessage, context);
    case 'TypeDeprecatedFault':
      return `${typeLabel(context) ?? 'the type'} is deprecated in domain ${domain}: register a new version or undeprecate it`;
    case 'DomainDeprecatedFault':
      return `domain ${domain} is deprecated`;
    case 'WorkflowExecutionAlreadyStartedFault':
      return (
        `an execution with workflow id ${quote(context.execution?.workflowId)} is already open in domain ${domain}: ` +
        'choose another --id, or wait for it to close'
      );
    case 'DefaultUndefinedFault':
      return defaultUndefined(swfMessage, context);
    case 'TypeAlreadyExistsFault':
      return `${typeLabel(context) ?? 'the type'} already exists in domain ${domain}`;
    case 'DomainAlreadyExistsFault':
      return `domain ${domain} already exists`;
    case 'OperationNotPermittedFault':
    case 'AccessDeniedException':
      return `not permitted: ${swfMessage || 'the credentials in use lack the SWF permission for this call'}`;
    case 'LimitExceededFault':
      return `an SWF limit was reached: ${swfMessage}`;
    case 'TooManyTagsFault':
      return `too many tags: ${swfMessage}`;
    case 'ThrottlingException':
      return 'SWF is throttling requests (Rate exceeded): wait a little and try again';
    case 'ValidationException':
    case 'SerializationException':
      return `SWF rejected the request: ${swfMessage}`;
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'IncompleteSignature':
    case 'ExpiredTokenException':
      return `SWF did not accept the credentials (${err.name}): ${swfMessage}`;
    case 'InternalFailure':
    case 'ServiceUnavailable':
    case 'ServiceUnavailableException':
      return `SWF failed on its side (${err.name}${swfMessage ? `: ${swfMessage}` : ''}): try again`;
    case 'CredentialsProviderError':
      return (
        'no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use --profile ' +
        '(any non-empty values work with swf-local)'
      );
  }
  if (/region is missing/i.test(swfMessage)) {
    return 'no AWS Region configured: pass --region or set AWS_REGION (any Region works with swf-local)';
  }
  const network = networkMessage(err, context);
  if (network) return network;
  return swfMessage || String(err.name ?? error);
}

function unknownResource(swfMessage: string, context: FaultContext): string {
  if (/^unknown domain/i.test(swfMessage) || (!context.type && !context.execution && context.domain)) {
    return `unknown domain ${quote(context.domain)}`;
  }
  if (/^domain is deprecated/i.test(swfMessage)) return `domain ${quote(context.domain)} is deprecated`;
  const type = typeLabel(context);
  if (type && (/type/i.test(swfMessage) || !context.execution)) {
    return `unknown ${type} in domain ${quote(context.domain)}`;
  }
  if (context.execution) {
    const { workflowId, runId } = context.execution;
    const run = runId ? ` (run ${runId})` : '';
    return context.executionMustBeOpen
      ? `execution ${quote(workflowId)}${run} is not open in domain ${quote(context.domain)}`
      : `unknown execution ${quote(workflowId)}${run} in domain ${quote(context.domain)}`;
  }
  return swfMessage || 'unknown resource';
}

// The start parameters a workflow type may leave without a default, and the `executions start` flag for each.
const START_DEFAULTS: Array<[RegExp, string, string]> = [
  [/taskList/i, 'task list', '--task-list'],
  [/executionStartToCloseTimeout/i, 'execution timeout', '--execution-timeout'],
  [/taskStartToCloseTimeout/i, 'decision task timeout', '--task-timeout'],
  [/childPolicy/i, 'child policy', '--child-policy'],
];

function defaultUndefined(swfMessage: string, context: FaultContext): string {
  const type = typeLabel(context) ?? 'the workflow type';
  const missing = START_DEFAULTS.find(([pattern]) => pattern.test(swfMessage));
  if (missing) return `${type} has no default ${missing[1]}: pass ${missing[2]}`;
  return `${type} has no default for a setting this start left out: pass --task-list, --execution-timeout, --task-timeout and --child-policy`;
}

function typeLabel(context: FaultContext): string | undefined {
  const type = context.type;
  if (!type) return undefined;
  return `${type.kind} type ${quote(type.name)}${type.version !== undefined ? ` version ${quote(type.version)}` : ''}`;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
};

const KNOWN_NETWORK_CODES: ReadonlySet<string> = new Set(Object.keys(NETWORK_CODES));

function networkMessage(err: ErrorLike, context: FaultContext): string | undefined {
  // Node reports a refused localhost connection tried over IPv4 and IPv6 as an AggregateError with an empty message.
  const code = networkErrorCode(err, KNOWN_NETWORK_CODES);
  const timedOut = err.name === 'TimeoutError';
  if (!code && !timedOut) return undefined;
  const where = context.endpoint ?? (err.address ? `${err.address}${err.port ? `:${err.port}` : ''}` : 'the SWF endpoint');
  const what = code ? NETWORK_CODES[code] : 'request timed out';
  const hint = code === 'ECONNREFUSED' ? ' (is swf-local running, and is --endpoint-url right?)' : '';
  return `cannot reach SWF at ${where}: ${what}${hint}`;
}

function quote(value: string | undefined): string {
  return value === undefined ? '(none)' : `'${value}'`;
}
