/**
 * The handler Lambda's environment variable that holds the id (ARN) of the stack it serves: its retirement pass asks
 * CloudFormation whether the stack still declares a recorded type (a renamed construct) before deprecating it.
 */
export const STACK_ID_VARIABLE = 'CDK_SWF_STACK_ID';
