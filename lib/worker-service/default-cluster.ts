import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct, IConstruct } from 'constructs';

/** Construct id of the shared worker cluster in a stack. Changing it replaces the cluster. */
const DEFAULT_CLUSTER_ID = 'CdkSwfWorkerCluster';

/**
 * The cluster WorkerServices share when given no cluster, one per stack and VPC (as ecs-patterns do): a decider
 * and its activity workers land in the same cluster and VPC instead of one each. Without a VPC, a new one is made
 * (2 AZs, NAT gateways for the outbound calls to SWF, flow logs).
 */
export function defaultWorkerCluster(scope: IConstruct, vpc?: ec2.IVpc): ecs.Cluster {
  const stack = Stack.of(scope);
  const id = vpc ? `${DEFAULT_CLUSTER_ID}${vpc.node.addr}` : DEFAULT_CLUSTER_ID;
  const existing = stack.node.tryFindChild(id);
  if (existing) return existing.node.findChild('Cluster') as ecs.Cluster;

  const holder = new Construct(stack, id);
  return new ecs.Cluster(holder, 'Cluster', {
    vpc: vpc ?? new ec2.Vpc(holder, 'Vpc', { maxAzs: 2, flowLogs: { FlowLog: {} } }),
    containerInsightsV2: ecs.ContainerInsights.ENABLED,
    enableFargateCapacityProviders: true,
  });
}
