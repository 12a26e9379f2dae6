import { AttemptOptions, callWithRetries, errorMessage } from './retry';

/**
 * The one CloudFormation read the handler makes: the resources of its own stack (ListStackResources, paged), with
 * the same deadline and backoff as its SWF calls. The SDK call itself lives in cloudformation-pages.ts, which only
 * the Lambda entry point loads: `cdk-swf apply` runs the engine without CloudFormation.
 */

/** One resource of the stack, as ListStackResources summarizes it. */
export interface StackResourceSummary {
  readonly logicalId: string;
  readonly resourceType: string;
  readonly physicalId?: string;
  readonly status: string;
}

export interface StackResourcesPage {
  readonly resources: readonly StackResourceSummary[];
  readonly nextToken?: string;
}

/** One ListStackResources call for one page, without retries. */
export interface StackResourcePages {
  listPage(stackId: string, nextToken: string | undefined, abortSignal: AbortSignal): Promise<StackResourcesPage>;
}

/** CloudFormation could not be read (denied, throttled past the deadline, unreachable). */
export class StackReadError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StackReadError';
  }
}

export interface StackApiOptions extends AttemptOptions {
  readonly pages: StackResourcePages;
}

export class StackApi {
  constructor(private readonly options: StackApiOptions) {}

  /** Every resource of the stack, all pages. Throws a StackReadError when CloudFormation cannot answer. */
  async listResources(stackId: string): Promise<StackResourceSummary[]> {
    const resources: StackResourceSummary[] = [];
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await this.call(stackId, (abortSignal) => this.options.pages.listPage(stackId, token, abortSignal));
      resources.push(...page.resources);
      nextToken = page.nextToken;
    } while (nextToken);
    return resources;
  }

  private call<T>(stackId: string, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    return callWithRetries(this.options, `cloudformation ListStackResources ${stackId}`, send, ({ code, error, attempts }) => {
      const message = `CloudFormation ListStackResources (${stackId}) failed with ${code}: ${errorMessage(error)}`;
      return new StackReadError(code, attempts > 1 ? `${message} (after ${attempts} attempts)` : message);
    });
  }
}
