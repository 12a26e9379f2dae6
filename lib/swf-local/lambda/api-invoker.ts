import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { functionError, functionResult, LambdaInvocation, LambdaOutcome } from './invoker';

/**
 * Runs a function through Lambda's Invoke API (RequestResponse) at the endpoint the AWS SDK resolves for Lambda:
 * AWS_ENDPOINT_URL_LAMBDA (a local Lambda emulator), else the Region's Lambda endpoint with the usual credentials.
 * A function error (X-Amz-Function-Error) fails the task with the error's type as reason; an error of the Invoke
 * call itself (ResourceNotFoundException, AccessDeniedException, ...) fails it with that error's name.
 */
export class LambdaApiInvoker {
  private readonly client: LambdaClient;

  constructor(region: string) {
    // One attempt: SWF does not retry a Lambda task; the decider decides whether to run it again.
    this.client = new LambdaClient({ region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? region, maxAttempts: 1 });
  }

  async invoke(invocation: LambdaInvocation): Promise<LambdaOutcome> {
    try {
      const response = await this.client.send(
        new InvokeCommand({
          FunctionName: invocation.functionName,
          InvocationType: 'RequestResponse',
          Payload: Buffer.from(invocation.input ?? '{}', 'utf8'),
        }),
        { abortSignal: invocation.signal },
      );
      const payload = response.Payload ? Buffer.from(response.Payload).toString('utf8') : 'null';
      return response.FunctionError ? functionError(payload, response.FunctionError) : functionResult(payload || 'null');
    } catch (err) {
      const error = err as Error;
      return { status: 'failed', reason: error.name || 'LambdaInvokeError', details: error.message };
    }
  }

  close(): void {
    this.client.destroy();
  }
}
