/**
 * The order-processing example (ProcessOrder, its three activities and its fraud-check Lambda task) as one worker module:
 *   cdk-swf worker --kind decider  --module dist/bin/order-processing/index.js   (uses `workflows`)
 *   cdk-swf worker --kind activity --module dist/bin/order-processing/index.js   (uses `activities`)
 * decider.js and activities.js export each half on its own.
 */
export { activities } from './activities';
export { workflows } from './decider';
export * from './types';
export { decideProcessOrder, MAX_ATTEMPTS, APPROVAL_TIMER, FRAUD_CHECK_ID } from './workflow';
