/** The namespaces real SWF uses in the `__type` of its error bodies. */
const SWF_FAULT_NAMESPACE = 'com.amazonaws.swf.base.model';
const VALIDATION_NAMESPACE = 'com.amazon.coral.validate';
const AVAILABILITY_NAMESPACE = 'com.amazon.coral.availability';
const SERVICE_NAMESPACE = 'com.amazon.coral.service';

export type SwfFaultName =
  | 'DomainAlreadyExistsFault'
  | 'DomainDeprecatedFault'
  | 'TypeAlreadyExistsFault'
  | 'TypeDeprecatedFault'
  | 'TypeNotDeprecatedFault'
  | 'UnknownResourceFault'
  | 'OperationNotPermittedFault'
  | 'TooManyTagsFault'
  | 'LimitExceededFault'
  | 'DefaultUndefinedFault'
  | 'WorkflowExecutionAlreadyStartedFault';

/** An error answered to the client in AWS JSON 1.0 form: `{"__type": "<ns>#<code>", "message": ...}`. */
export class SwfError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly namespace: string = SWF_FAULT_NAMESPACE,
    readonly statusCode: number = 400,
  ) {
    super(message);
    this.name = code;
  }

  get type(): string {
    return `${this.namespace}#${this.code}`;
  }

  toBody(): { __type: string; message: string } {
    return { __type: this.type, message: this.message };
  }
}

export function fault(name: SwfFaultName, message: string): SwfError {
  return new SwfError(name, message);
}

export function unknownResource(message: string): SwfError {
  return fault('UnknownResourceFault', message);
}

export function validationError(message: string): SwfError {
  return new SwfError('ValidationException', message, VALIDATION_NAMESPACE);
}

export function serializationError(message: string): SwfError {
  return new SwfError('SerializationException', message, VALIDATION_NAMESPACE);
}

/** Longest part of a client's value an error message repeats: a bad 1 MB name must not come back as a 1 MB error. */
export const MAX_QUOTED_CHARS = 256;

/** `value` as an error message shows it: at most MAX_QUOTED_CHARS characters, then how many more there were. */
export function quote(value: unknown): string {
  const text = String(value);
  if (text.length <= MAX_QUOTED_CHARS) return text;
  return `${text.slice(0, MAX_QUOTED_CHARS)}... (${text.length - MAX_QUOTED_CHARS} more characters)`;
}

export function unknownOperation(target: string): SwfError {
  return new SwfError('UnknownOperationException', `Unknown operation ${quote(target)}`, SERVICE_NAMESPACE);
}

export function throttled(): SwfError {
  return new SwfError('ThrottlingException', 'Rate exceeded', AVAILABILITY_NAMESPACE);
}

export function internalFailure(message = 'Internal failure'): SwfError {
  return new SwfError('InternalFailure', message, SERVICE_NAMESPACE, 500);
}
