import { join } from 'node:path';
import {
  DecisionTask,
  GetWorkflowExecutionHistoryCommand,
  PollForDecisionTaskCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityType } from '../../lib/activity-type/activity-type';
import { SwfTimeout } from '../../lib/construct-support/swf-timeout';
import { Domain } from '../../lib/domain/domain';
import { ChildPolicy, WorkflowType } from '../../lib/workflow-type/workflow-type';
import { WorkerKind, WorkerService } from '../../lib/worker-service';
import { startLocalSwf } from '../support/swf-local';
import { RunningContainer, runContainerCommand, stopAll, SynthesizedApp } from '../support/synthesized-workers';

/*
 * The contract between WorkerService and a worker it did not write: a Python activity worker (standard library
 * only, SWF's JSON protocol over urllib) in its own image, with its own command. The test synthesizes the service,
 * runs exactly the container's command with exactly its environment in the image's working directory (the
 * fixture directory is what the image's WORKDIR /app holds), against swf-local, plays the decider itself with the
 * real SDK, and the activity completes. A renamed variable or a changed JSON shape on the construct's side breaks it.
 */

const WORKER_DIR = join(__dirname, 'fixtures', 'python-activity-worker');
const TASK_LIST = 'greetings-python';

function greetingsApp(): { app: SynthesizedApp; stack: Stack; greet: ActivityType; greeting: WorkflowType } {
  const cdkApp = new App();
  const stack = new Stack(cdkApp, 'Greetings');
  const domain = new Domain(stack, 'Domain', { domainName: 'greetings' });
  const greeting = new WorkflowType(stack, 'Greeting', {
    domain,
    workflowTypeName: 'Greeting',
    defaultTaskList: 'greetings-decisions',
    defaultExecutionStartToCloseTimeout: Duration.minutes(10),
    defaultTaskStartToCloseTimeout: SwfTimeout.duration(Duration.seconds(30)),
    defaultChildPolicy: ChildPolicy.TERMINATE,
  });
  const greet = new ActivityType(stack, 'Greet', {
    domain,
    activityTypeName: 'Greet',
    defaultTaskList: TASK_LIST,
    defaultTaskStartToCloseTimeout: SwfTimeout.duration(Duration.minutes(1)),
    defaultTaskHeartbeatTimeout: SwfTimeout.NONE,
    defaultTaskScheduleToStartTimeout: SwfTimeout.duration(Duration.minutes(5)),
    defaultTaskScheduleToCloseTimeout: SwfTimeout.duration(Duration.minutes(6)),
  });
  new WorkerService(stack, 'PythonWorkers', {
    kind: WorkerKind.ACTIVITY,
    domain,
    taskList: TASK_LIST,
    activityTypes: [greet],
    image: ecs.ContainerImage.fromAsset(WORKER_DIR),
    command: ['python3', '-u', 'worker.py'],
    drainTimeout: Duration.seconds(60),
  });
  return { app: new SynthesizedApp([cdkApp.synth().getStackByName('Greetings').template]), stack, greet, greeting };
}

describe('WorkerService runs a Python activity worker of its own image and command (against swf-local)', () => {
  const { app, greet, greeting } = greetingsApp();
  let local: Awaited<ReturnType<typeof startLocalSwf>>;
  const running: RunningContainer[] = [];

  beforeAll(async () => {
    local = await startLocalSwf({ longPollTimeoutMs: 1_000 });
    await app.registerSwfResources(local.swf);
  });
  afterAll(async () => {
    stopAll(running);
    await local?.stop();
  });

  /** The next decision task of the execution (long polls until one comes; the test's timeout bounds the wait). */
  async function nextDecisionTask(): Promise<DecisionTask> {
    for (;;) {
      const task = await local.swf.send(new PollForDecisionTaskCommand({ domain: 'greetings', taskList: { name: 'greetings-decisions' } }));
      if (task.taskToken) return task;
    }
  }

  it('gives the container its domain, task list and activity versions, and the Python worker completes the activity', async () => {
    const container = app.container('PythonWorkersTaskDefinition');
    expect(container.command).toEqual(['python3', '-u', 'worker.py']);
    expect(container.environment).toEqual({
      SWF_DOMAIN: 'greetings',
      SWF_TASK_LIST: TASK_LIST,
      SWF_ACTIVITY_VERSIONS: JSON.stringify({ Greet: greet.activityTypeVersion }),
      SWF_DRAIN_SECONDS: '60',
    });
    const worker = runContainerCommand({ argv: container.command!, cwd: WORKER_DIR, container, endpoint: local.server.endpoint });
    running.push(worker);

    const execution = { workflowId: 'greet-ada' };
    const { runId } = await local.swf.send(new StartWorkflowExecutionCommand({
      domain: 'greetings',
      ...execution,
      workflowType: { name: 'Greeting', version: greeting.workflowTypeVersion },
      input: JSON.stringify({ name: 'Ada' }),
    }));

    // The test is the decider: schedule Greet on the Python fleet's task list, then complete with its result.
    const first = await nextDecisionTask();
    await local.swf.send(new RespondDecisionTaskCompletedCommand({
      taskToken: first.taskToken,
      decisions: [{
        decisionType: 'ScheduleActivityTask',
        scheduleActivityTaskDecisionAttributes: {
          activityId: 'greet-1',
          activityType: { name: 'Greet', version: greet.activityTypeVersion },
          taskList: { name: TASK_LIST },
          input: JSON.stringify({ name: 'Ada' }),
        },
      }],
    }));
    const second = await nextDecisionTask();
    const outcome = second.events!.find((e) => e.eventType?.startsWith('ActivityTask') && e.eventType !== 'ActivityTaskScheduled' && e.eventType !== 'ActivityTaskStarted');
    expect(outcome?.eventType, `worker output:\n${worker.output()}`).toBe('ActivityTaskCompleted');
    const result = outcome!.activityTaskCompletedEventAttributes!.result!;
    expect(JSON.parse(result)).toEqual({ greeting: 'Hello, Ada!', servedBy: 'python' });
    await local.swf.send(new RespondDecisionTaskCompletedCommand({
      taskToken: second.taskToken,
      decisions: [{ decisionType: 'CompleteWorkflowExecution', completeWorkflowExecutionDecisionAttributes: { result } }],
    }));
    const { events } = await local.swf.send(new GetWorkflowExecutionHistoryCommand({ domain: 'greetings', execution: { ...execution, runId } }));
    expect(events!.at(-1)!.eventType).toBe('WorkflowExecutionCompleted');
    const started = events!.find((e) => e.eventType === 'ActivityTaskStarted')!;
    expect(started.activityTaskStartedEventAttributes!.identity).toMatch(/^python:/);

    // ECS stops the task with SIGTERM: the worker finishes its poll and exits 0.
    worker.child.kill('SIGTERM');
    expect(await worker.exited, worker.output()).toBe(0);
  });
});
