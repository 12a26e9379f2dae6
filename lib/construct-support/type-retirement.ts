import { CfnResource, CustomResource, Duration, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { RETIREMENT_GRACE_PROPERTY } from '../common/type-retirement';
import { SwfResourceProvider } from '../provider/swf-resource-provider';

/**
 * Makes a type's custom resource depend on the stack's retirements resource (see SwfResourceProvider.retirements) and
 * sets its retirement grace period (read by the handler when CloudFormation deletes the type). Unset, the property is
 * left out and the handler's default (one day) applies. It is not a setting of the SWF type: changing it registers
 * no new version.
 */
export function configureRetirement(scope: IConstruct, resource: CustomResource, grace: Duration | undefined): void {
  // Deleted before the stack's retirements resource, so a stack deletion deprecates what this Delete records.
  resource.node.addDependency(SwfResourceProvider.getOrCreate(scope).retirements);
  if (grace === undefined) return;
  let seconds: string;
  if (grace.isUnresolved()) {
    seconds = Tokenization.stringifyNumber(grace.toSeconds());
  } else {
    const value = grace.toSeconds({ integral: false });
    if (!Number.isInteger(value)) {
      throw new Error(`${scope.node.path}: invalid retirementGracePeriod ${grace.toHumanString()}: use whole seconds, longer than a rolling deployment of your workers`);
    }
    seconds = String(value);
  }
  (resource.node.defaultChild as CfnResource).addPropertyOverride(RETIREMENT_GRACE_PROPERTY, seconds);
}
