import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import type { StackResourcePages } from './stack-api';

/** ListStackResources through the SDK, one page per call; StackApi retries within the handler's deadline. */
export function cloudFormationPages(client: CloudFormationClient): StackResourcePages {
  return {
    async listPage(stackId, nextToken, abortSignal) {
      const output = await client.send(new ListStackResourcesCommand({ StackName: stackId, NextToken: nextToken }), { abortSignal });
      return {
        resources: (output.StackResourceSummaries ?? []).map((r) => ({
          logicalId: r.LogicalResourceId ?? '',
          resourceType: r.ResourceType ?? '',
          physicalId: r.PhysicalResourceId,
          status: String(r.ResourceStatus ?? ''),
        })),
        nextToken: output.NextToken,
      };
    },
  };
}
