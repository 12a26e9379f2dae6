import * as fs from 'node:fs';
import * as path from 'node:path';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { problemWithLocalDependencies } from './local-dependencies';
import { checkProjectForWorkerImage, findWorkerProject, STAGED_DOCKERFILE, StagedContext, stageWorkerContext, WorkerProject } from './project-context';

/** Where the worker Dockerfile lives, relative to the cdk-swf package root. */
export const WORKER_DOCKERFILE = 'lib/worker-service/image/Dockerfile';

/**
 * Paths always left out of the worker image's build context (Docker ignore syntax): dependencies, build output,
 * tests, version control, local state and the CDK app's own files. The image builds the project itself, so
 * none of them are needed; leaving them out keeps the image's asset hash stable. Keep in step with
 * image/Dockerfile.dockerignore.
 */
export const WORKER_IMAGE_EXCLUDES: readonly string[] = [
  '.git',
  'node_modules',
  '**/node_modules',
  'cdk.out',
  'cdk.json',
  'cdk.context.json',
  'dist',
  'coverage',
  'test',
  '.ci',
  '.swf-local',
  '.cdk-swf',
  '*.tsbuildinfo',
  '.dockerignore',
  '.env',
  '.env.*',
  '**/*.md',
];

/** Options for {@link WorkerImage.fromProject}. */
export interface WorkerImageProps {
  /**
   * The root of your Node.js project: it has package.json and package-lock.json, depends on cdk-swf, and compiles
   * its worker modules with `npm run build` (or has them as .js files).
   *
   * @default - the directory the CDK CLI runs the app in (where cdk.json is), or the nearest one above it with a package.json
   */
  readonly directory?: string;

  /**
   * A Dockerfile of your own, relative to `directory`, instead of the one that ships in cdk-swf.
   *
   * @default - cdk-swf's worker Dockerfile (node_modules/cdk-swf/lib/worker-service/image/Dockerfile)
   */
  readonly file?: string;

  /**
   * More paths to leave out of the build context, in Docker ignore syntax, after `WORKER_IMAGE_EXCLUDES`; a
   * `!path` pattern takes back a path they leave out. With cdk-swf's Dockerfile, sub-directories that hold a
   * `Dockerfile` of their own (another image's sources) are left out too; `!directory` takes one back.
   *
   * @default - only `WORKER_IMAGE_EXCLUDES`, the CDK app code and, with cdk-swf's Dockerfile, sub-directories with a Dockerfile
   */
  readonly exclude?: string[];

  /**
   * Leave the CDK app code out of the image, so that editing the infrastructure does not change the image (and
   * does not replace the worker tasks): the files of the cdk.json `app` command, and the JavaScript/TypeScript
   * sources that import aws-cdk-lib, constructs, `@aws-cdk/*` or `cdk-swf` (the constructs; worker code imports
   * `cdk-swf/worker`). A source that kept sources import stays in.
   *
   * @default true
   */
  readonly excludeCdkAppCode?: boolean;

  /**
   * Platform to build for; must match the service's CPU architecture.
   *
   * @default Platform.LINUX_AMD64
   */
  readonly platform?: Platform;
}

/** The worker container image: your project built by the cdk-swf worker Dockerfile. */
export class WorkerImage {
  /**
   * An image of your project, built at deploy time with the Dockerfile that ships in cdk-swf (`cdk deploy` runs
   * Docker; `cdk synth` only stages the build context, so synth works without a Docker engine). The context holds
   * your package.json, lockfile and sources, and never node_modules, cdk.out, .git or the CDK app code.
   */
  public static fromProject(props: WorkerImageProps = {}): ecs.ContainerImage {
    const projectImage = projectWorkerImage(props);
    PROJECT_IMAGES.set(projectImage.image, projectImage);
    return projectImage.image;
  }

  /** The root directory of the installed cdk-swf package (works from lib/ under tsx and from dist/lib/). */
  public static packageRoot(): string {
    let dir = __dirname;
    for (;;) {
      const manifest = path.join(dir, 'package.json');
      if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'cdk-swf') return dir;
      const parent = path.dirname(dir);
      if (parent === dir) throw new Error(`cannot find the cdk-swf package root above '${__dirname}': give a Dockerfile of your own as 'file'`);
      dir = parent;
    }
  }

  private constructor() {}
}

/** A worker image of a project, with what WorkerService checks its worker module against. */
export interface ProjectWorkerImage {
  readonly image: ecs.ContainerImage;
  readonly project: WorkerProject;
  readonly context: StagedContext;
  /** Whether the image uses cdk-swf's Dockerfile (and so runs `npm run build` and the cdk-swf CLI). */
  readonly shippedDockerfile: boolean;
}

/** The project images made by fromProject, so that WorkerService can check its worker module against them. */
const PROJECT_IMAGES = new WeakMap<ecs.ContainerImage, ProjectWorkerImage>();

/** The project behind an image of WorkerImage.fromProject, if it is one. */
export function projectOfWorkerImage(image: ecs.ContainerImage): ProjectWorkerImage | undefined {
  return PROJECT_IMAGES.get(image);
}

/** Stages the project's build context and makes the image asset of it (internal: not exported by the package). */
export function projectWorkerImage(props: WorkerImageProps): ProjectWorkerImage {
  const project = findWorkerProject(props.directory);
  const shippedDockerfile = props.file === undefined;
  let dockerfile: string;
  if (shippedDockerfile) {
    checkProjectForWorkerImage(project);
    dockerfile = path.join(WorkerImage.packageRoot(), WORKER_DOCKERFILE);
  } else {
    dockerfile = path.resolve(project.root, props.file!);
    if (!fs.existsSync(dockerfile)) throw new Error(`worker Dockerfile '${props.file}' not found in '${project.root}': give its path relative to 'directory'`);
  }
  const context = stageWorkerContext({
    project,
    dockerfile,
    excludes: [...WORKER_IMAGE_EXCLUDES, ...(props.exclude ?? [])],
    excludeCdkAppCode: props.excludeCdkAppCode ?? true,
    // Another image's sources (e.g. workers/python/ with its Dockerfile) would change this image's hash; a Dockerfile
    // of the user's own may COPY from anywhere.
    excludeOtherImages: shippedDockerfile,
  });
  if (shippedDockerfile) {
    const problem = problemWithLocalDependencies(project, context);
    if (problem) throw new Error(problem);
  }
  const image = ecs.ContainerImage.fromAsset(context.directory, {
    file: STAGED_DOCKERFILE,
    platform: props.platform ?? Platform.LINUX_AMD64,
  });
  return { image, project, context, shippedDockerfile };
}
