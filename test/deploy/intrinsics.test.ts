import { describe, expect, it } from 'vitest';
import type { StackArtifact } from '../../lib/deploy/assembly';
import { dependencyOrder, directDependencies } from '../../lib/deploy/dependencies';
import { stackEnvironment } from '../../lib/deploy/environment';
import { IntrinsicResolver, ResourceLookup, ResourceValue } from '../../lib/deploy/intrinsics';
import type { CfnTemplate } from '../../lib/deploy/template';

// Hand-written templates: the resolver works on any CloudFormation JSON, independent of the constructs.
const template: CfnTemplate = {
  Parameters: {
    Stage: { Type: 'String', Default: 'prod' },
    BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' },
    NoDefault: { Type: 'String' },
  },
  Conditions: {
    IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] },
    IsNotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
  },
  Mappings: { Retention: { prod: { Days: '90' } } },
  Resources: {
    Domain: { Type: 'Custom::SwfDomain', Properties: { Name: 'orders' } },
    Role: { Type: 'AWS::IAM::Role', Properties: {} },
    Type: { Type: 'Custom::SwfWorkflowType', Properties: { Domain: { Ref: 'Domain' } }, DependsOn: 'Role' },
  },
};

const stack: StackArtifact = {
  artifactId: 'Orders',
  stackName: 'Orders',
  displayName: 'Orders',
  templateFile: 'Orders.template.json',
  template,
  dependencies: [],
};

const deployed: Record<string, ResourceValue> = {
  Domain: { physicalId: 'orders', data: { Name: 'orders', Arn: 'arn:aws:swf:eu-west-1:111122223333:/domain/orders' } },
};
const lookup: ResourceLookup = {
  valueOf: (id) => deployed[id],
  whyUnresolvable: (id) => `${id} is an AWS::IAM::Role, which cdk-swf apply does not deploy`,
};

function resolver(flags = { region: 'eu-west-1', account: '111122223333' }): IntrinsicResolver {
  return new IntrinsicResolver(template, stackEnvironment(stack, flags, {}), lookup);
}

describe('IntrinsicResolver', () => {
  it('resolves Ref and Fn::GetAtt of SWF resources to their physical id and Data', () => {
    const r = resolver();
    expect(r.resolve({ Ref: 'Domain' }, 'x')).toBe('orders');
    expect(r.resolve({ 'Fn::GetAtt': ['Domain', 'Arn'] }, 'x')).toBe('arn:aws:swf:eu-west-1:111122223333:/domain/orders');
    expect(r.resolve({ 'Fn::GetAtt': 'Domain.Name' }, 'x')).toBe('orders');
  });

  it('resolves the pseudo parameters from the flags, and partition/URL suffix from the region', () => {
    const value = {
      'Fn::Join': ['|', [{ Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, { Ref: 'AWS::Partition' }, { Ref: 'AWS::StackName' }, { Ref: 'AWS::URLSuffix' }]],
    };
    expect(resolver().resolve(value, 'x')).toBe('eu-west-1|111122223333|aws|Orders|amazonaws.com');
    expect(resolver({ region: 'cn-north-1', account: '1' }).resolve(value, 'x')).toBe('cn-north-1|1|aws-cn|Orders|amazonaws.com.cn');
  });

  it('uses swf-local defaults for a local endpoint and refuses to guess the account of a real one', () => {
    const local = new IntrinsicResolver(template, stackEnvironment(stack, { endpointUrl: 'http://127.0.0.1:8099' }, {}), lookup);
    expect(local.resolve({ 'Fn::Sub': '${AWS::Region}/${AWS::AccountId}' }, 'x')).toBe('us-east-1/123456789012');
    const real = new IntrinsicResolver(template, stackEnvironment(stack, { region: 'eu-west-1' }, {}), lookup);
    expect(() => real.resolve({ Ref: 'AWS::AccountId' }, 'x')).toThrow(/needs AWS::AccountId: pass --account/);
  });

  it('resolves Fn::Sub with resource attributes, own variables and escaped literals', () => {
    const value = { 'Fn::Sub': ['${Domain}:${Domain.Arn}:${Suffix}:${!Literal}', { Suffix: { Ref: 'Stage' } }] };
    expect(resolver().resolve(value, 'x')).toBe('orders:arn:aws:swf:eu-west-1:111122223333:/domain/orders:prod:${Literal}');
  });

  it('resolves Fn::Select over Fn::Split, Fn::FindInMap, Fn::If with conditions, and drops AWS::NoValue', () => {
    const r = resolver();
    expect(r.resolve({ 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] }, 'x')).toBe('b');
    expect(r.resolve({ 'Fn::FindInMap': ['Retention', { Ref: 'Stage' }, 'Days'] }, 'x')).toBe('90');
    expect(r.resolve({ 'Fn::If': ['IsNotProd', 'dev', 'prod'] }, 'x')).toBe('prod');
    expect(r.resolve({ A: 'kept', B: { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, 'x'] } }, 'x')).toEqual({ A: 'kept' });
  });

  it('says which property cannot be resolved offline, and why', () => {
    const r = resolver();
    expect(() => r.resolve({ 'Fn::GetAtt': ['Role', 'Arn'] }, 'Resources.Type.Properties.DefaultLambdaRole')).toThrow(
      'Resources.Type.Properties.DefaultLambdaRole.Fn::GetAtt: cannot resolve Role: Role is an AWS::IAM::Role, which cdk-swf apply does not deploy',
    );
    expect(() => r.resolve({ 'Fn::GetAtt': ['Domain', 'Nope'] }, 'P')).toThrow('P.Fn::GetAtt: Domain has no attribute Nope (its attributes: Name, Arn)');
    expect(() => r.resolve({ Ref: 'Missing' }, 'P')).toThrow('P: Missing is neither a resource nor a parameter of this template');
    expect(() => r.resolve({ Ref: 'NoDefault' }, 'P')).toThrow(/parameter NoDefault has no value offline/);
    expect(() => r.resolve({ Ref: 'BootstrapVersion' }, 'P')).toThrow(/read from SSM/);
    expect(() => r.resolve({ 'Fn::ImportValue': 'Shared:Domain' }, 'P')).toThrow(/no stack of this app exports Shared:Domain yet/);
    expect(() => r.resolve({ 'Fn::GetAZs': '' }, 'P')).toThrow('P.Fn::GetAZs: Fn::GetAZs is not supported by cdk-swf plan/apply');
  });

  it('rejects a --region that contradicts the stack env', () => {
    expect(() => stackEnvironment({ ...stack, region: 'eu-west-1' }, { region: 'us-east-1' }, {})).toThrow(
      'stack Orders is bound to region eu-west-1 but --region says us-east-1: drop --region or fix the stack\'s env',
    );
  });
});

describe('dependency order', () => {
  it('orders by references and DependsOn, and names the members of a cycle', () => {
    expect(dependencyOrder(directDependencies(template))).toEqual(['Domain', 'Role', 'Type']);
    const cyclic: CfnTemplate = {
      Resources: {
        A: { Type: 'Custom::SwfDomain', Properties: { X: { 'Fn::Sub': '${B.Name}' } } },
        B: { Type: 'Custom::SwfDomain', Properties: { X: { Ref: 'A' } } },
      },
    };
    expect(() => dependencyOrder(directDependencies(cyclic))).toThrow('circular dependency between resources: A -> B -> A');
  });
});
