import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/*
 * A user's CDK app that installs cdk-swf from its packed tarball: three stacks (domain; types; workers) in
 * TypeScript, with one worker module (a decider and an activity) that imports only the worker runtime. The project
 * is what `cdk init app --language typescript` writes (run by the test with the pinned CDK CLI: its tsconfig, its
 * cdk.json, its TypeScript version) with exactly the changes the README's "Installing" asks for: the tsconfig edits,
 * cdk-swf installed from vendor/, and the CDK libraries as devDependencies.
 */

export const ORDERS_APP_STACKS = ['OrdersDomain', 'OrdersTypes', 'OrdersWorkers'];
export const GREETING_INPUT = { name: 'Grace' };

/** The README's tsconfig edits to what cdk init writes. */
export function withReadmeTsconfigEdits(tsconfig: { compilerOptions: Record<string, unknown>; exclude: string[] }): object {
  return {
    ...tsconfig,
    compilerOptions: { ...tsconfig.compilerOptions, noEmit: false, outDir: 'dist', rootDir: '.' },
    exclude: [...tsconfig.exclude, 'dist'],
  };
}

/**
 * Writes the app into `root`, where `cdk init app --language typescript --generate-only` has run (as orders-app);
 * `tarballName` is the cdk-swf package in vendor/, depended on from there.
 */
export function writeOrdersApp(root: string, tarballName: string): Record<string, string> {
  const generated = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));
  const cdkInitManifest = generated('package.json');
  const files: Record<string, string> = {
    'package.json': JSON.stringify({
      ...cdkInitManifest,
      dependencies: { 'cdk-swf': `file:vendor/${tarballName}` },
      // cdk init's TypeScript and type packages; the CDK libraries moved here; no jest runner (the tests do not run).
      devDependencies: {
        '@types/jest': '30.0.0',
        '@types/node': '20.19.43',
        'aws-cdk-lib': '2.276.0',
        constructs: '10.8.1',
        tsx: '4.23.15',
        typescript: cdkInitManifest.devDependencies.typescript,
      },
    }, null, 2),
    'tsconfig.json': JSON.stringify(withReadmeTsconfigEdits(generated('tsconfig.json')), null, 2),
    '.npmrc': 'fund=false\n', // a project's npm settings (a private registry's token, say): used to install, not kept
    'src/names.ts': [
      "export const GREETING = 'Greeting';",
      "export const GREET = 'Greet';",
      "export const TASK_LISTS = { decisions: 'greetings-decisions', activities: 'greetings-activities' } as const;",
      '',
    ].join('\n'),
    'src/workers.ts': [
      "import { jsonActivity } from 'cdk-swf/worker';",
      "import type { ActivityHandler, WorkflowDefinition } from 'cdk-swf/worker';",
      "import { GREET, GREETING } from './names';",
      '',
      'export const activities: Record<string, ActivityHandler> = {',
      '  [GREET]: jsonActivity(async (input: { name: string }) => ({ greeting: `Hello, ${input.name}!` })),',
      '};',
      '',
      '/** Greet once, then complete with its result (the version of Greet comes from SWF_ACTIVITY_VERSIONS). */',
      'export const workflows: WorkflowDefinition[] = [{',
      '  name: GREETING,',
      '  decide: (history, d) => {',
      "    const greet = history.activity('greet');",
      "    if (!greet) return [d.scheduleActivity({ activityId: 'greet', name: GREET, input: history.input })];",
      "    if (greet.status === 'completed') return [d.complete(greet.result)];",
      "    if (greet.status === 'scheduled' || greet.status === 'started') return [];",
      "    return [d.fail('GreetFailed', greet.reason ?? greet.status)];",
      '  },',
      '}];',
      '',
    ].join('\n'),
    'lib/domain-stack.ts': [
      "import { Stack, StackProps } from 'aws-cdk-lib';",
      "import { Construct } from 'constructs';",
      "import { Domain } from 'cdk-swf';",
      '',
      'export class DomainStack extends Stack {',
      '  public readonly domain: Domain;',
      '  constructor(scope: Construct, id: string, props?: StackProps) {',
      '    super(scope, id, props);',
      "    this.domain = new Domain(this, 'Domain', { domainName: 'greetings' });",
      '  }',
      '}',
      '',
    ].join('\n'),
    'lib/types-stack.ts': [
      "import { Duration, Stack, StackProps } from 'aws-cdk-lib';",
      "import { Construct } from 'constructs';",
      "import { ActivityType, ChildPolicy, IDomain, SwfTimeout, WorkflowType } from 'cdk-swf';",
      "import { GREET, GREETING, TASK_LISTS } from '../src/names';",
      '',
      'export interface TypesStackProps extends StackProps { readonly domain: IDomain }',
      '',
      'export class TypesStack extends Stack {',
      '  public readonly greeting: WorkflowType;',
      '  public readonly greet: ActivityType;',
      '  constructor(scope: Construct, id: string, props: TypesStackProps) {',
      '    super(scope, id, props);',
      "    this.greeting = new WorkflowType(this, 'Greeting', {",
      '      domain: props.domain,',
      '      workflowTypeName: GREETING,',
      '      defaultTaskList: TASK_LISTS.decisions,',
      '      defaultExecutionStartToCloseTimeout: Duration.minutes(10),',
      '      defaultTaskStartToCloseTimeout: SwfTimeout.duration(Duration.seconds(30)),',
      '      defaultChildPolicy: ChildPolicy.TERMINATE,',
      '    });',
      "    this.greet = new ActivityType(this, 'Greet', {",
      '      domain: props.domain,',
      '      activityTypeName: GREET,',
      '      defaultTaskList: TASK_LISTS.activities,',
      '      defaultTaskStartToCloseTimeout: SwfTimeout.duration(Duration.minutes(1)),',
      '      defaultTaskHeartbeatTimeout: SwfTimeout.NONE,',
      '      defaultTaskScheduleToStartTimeout: SwfTimeout.duration(Duration.minutes(5)),',
      '      defaultTaskScheduleToCloseTimeout: SwfTimeout.duration(Duration.minutes(6)),',
      '    });',
      '  }',
      '}',
      '',
    ].join('\n'),
    'lib/workers-stack.ts': [
      "import { Stack, StackProps } from 'aws-cdk-lib';",
      "import { Construct } from 'constructs';",
      "import { IActivityType, IDomain, IWorkflowType, WorkerKind, WorkerService } from 'cdk-swf';",
      "import { TASK_LISTS } from '../src/names';",
      '',
      'export interface WorkersStackProps extends StackProps {',
      '  readonly domain: IDomain;',
      '  readonly greeting: IWorkflowType;',
      '  readonly greet: IActivityType;',
      '}',
      '',
      '/** Both fleets run the image built from this project (no `image`): the compiled src/workers.ts. */',
      'export class WorkersStack extends Stack {',
      '  constructor(scope: Construct, id: string, props: WorkersStackProps) {',
      '    super(scope, id, props);',
      "    new WorkerService(this, 'Decider', {",
      '      kind: WorkerKind.DECIDER,',
      '      domain: props.domain,',
      '      taskList: TASK_LISTS.decisions,',
      "      workerModule: 'dist/src/workers.js',",
      '      workflowTypes: [props.greeting],',
      '      activityTypes: [props.greet],',
      '    });',
      "    new WorkerService(this, 'Activities', {",
      '      kind: WorkerKind.ACTIVITY,',
      '      domain: props.domain,',
      '      taskList: TASK_LISTS.activities,',
      "      workerModule: 'dist/src/workers.js',",
      '      activityTypes: [props.greet],',
      '    });',
      '  }',
      '}',
      '',
    ].join('\n'),
    // cdk init's app entry (cdk.json runs `npx tsc && npx tsx bin/orders-app.ts`), now with the three stacks.
    'bin/orders-app.ts': [
      "import { App } from 'aws-cdk-lib';",
      "import { DomainStack } from '../lib/domain-stack';",
      "import { TypesStack } from '../lib/types-stack';",
      "import { WorkersStack } from '../lib/workers-stack';",
      '',
      'const app = new App();',
      "const { domain } = new DomainStack(app, 'OrdersDomain');",
      "const { greeting, greet } = new TypesStack(app, 'OrdersTypes', { domain });",
      "new WorkersStack(app, 'OrdersWorkers', { domain, greeting, greet });",
      '',
    ].join('\n'),
    // What a checkout also has, and the image must never get.
    '.git/HEAD': 'ref: refs/heads/main\n',
    'test/workers.test.ts': "import { activities } from '../src/workers';\nvoid activities;\n",
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return files;
}
