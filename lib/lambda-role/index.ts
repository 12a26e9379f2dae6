export * from './swf-lambda-role';
