#!/usr/bin/env node
// The cdk.json app: `npx cdk synth` synthesizes the example order-processing stack (environment-agnostic).
import { App } from 'aws-cdk-lib';
import { OrderProcessingStack } from '../lib/example/order-processing-stack';

const app = new App();
new OrderProcessingStack(app, 'OrderProcessing', {
  description: 'cdk-swf example: the order-processing SWF domain, workflow and activity types',
});
app.synth();
