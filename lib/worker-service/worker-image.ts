import * as fs from 'node:fs';
import * as path from 'node:path';
import { IgnoreMode } from 'aws-cdk-lib';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';

/** Where the worker Dockerfile lives, relative to the cdk-swf package root. */
export const WORKER_DOCKERFILE = 'lib/worker-service/image/Dockerfile';

/**
 * Paths left out of the Docker build context. The image builds the project itself, so build output, tests and
 * dependencies are not needed; leaving them out also keeps asset hashing fast and the image hash stable.
 * Keep in step with image/Dockerfile.dockerignore.
 */
export const WORKER_IMAGE_EXCLUDES: readonly string[] = [
  '.git',
  'node_modules',
  '**/node_modules',
  'cdk.out',
  'dist',
  'coverage',
  'test',
  '.ci',
  '.swf-local',
  '.cdk-swf',
  '*.tsbuildinfo',
];

/** Options for {@link WorkerImage.fromProject}. */
export interface WorkerImageProps {
  /**
   * Root of the Node.js project to build: it has package.json and package-lock.json, compiles its worker modules
   * with `npm run build`, and is cdk-swf itself or depends on it.
   * @default - the root of the installed cdk-swf package
   */
  readonly directory?: string;
  /**
   * The Dockerfile, relative to `directory`. A project that depends on cdk-swf copies
   * `node_modules/cdk-swf/lib/worker-service/image/Dockerfile` into its own tree and names it here.
   * @default 'lib/worker-service/image/Dockerfile'
   */
  readonly file?: string;
  /**
   * Paths to leave out of the build context (Docker ignore syntax).
   * @default - WORKER_IMAGE_EXCLUDES (node_modules, cdk.out, dist, test, .git and local state)
   */
  readonly exclude?: string[];
  /**
   * Platform to build for; must match the service's CPU architecture.
   * @default Platform.LINUX_AMD64
   */
  readonly platform?: Platform;
}

/** The worker container image: the project built by the cdk-swf worker Dockerfile. */
export class WorkerImage {
  /**
   * An image built from a project directory at deploy time (`cdk deploy` runs Docker; `cdk synth` only stages
   * the context, so synth works without a Docker engine).
   */
  public static fromProject(props: WorkerImageProps = {}): ecs.ContainerImage {
    const directory = path.resolve(props.directory ?? WorkerImage.packageRoot());
    const file = props.file ?? WORKER_DOCKERFILE;
    const missing = ['package.json', 'package-lock.json'].filter((name) => !fs.existsSync(path.join(directory, name)));
    if (missing.length > 0) {
      throw new Error(
        `worker image context '${directory}' has no ${missing.join(' or ')}: the image installs the project with npm ci, so pass the root of your project (with its lockfile) as 'directory'`,
      );
    }
    if (!fs.existsSync(path.join(directory, file))) {
      throw new Error(
        `worker Dockerfile '${file}' not found in '${directory}': copy node_modules/cdk-swf/${WORKER_DOCKERFILE} into the project and pass its path as 'file'`,
      );
    }
    return ecs.ContainerImage.fromAsset(directory, {
      file,
      exclude: [...(props.exclude ?? WORKER_IMAGE_EXCLUDES)],
      ignoreMode: IgnoreMode.DOCKER,
      platform: props.platform ?? Platform.LINUX_AMD64,
    });
  }

  /** The root directory of the installed cdk-swf package (works from lib/ under tsx and from dist/lib/). */
  public static packageRoot(): string {
    let dir = __dirname;
    for (;;) {
      const manifest = path.join(dir, 'package.json');
      if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'cdk-swf') return dir;
      const parent = path.dirname(dir);
      if (parent === dir) throw new Error(`cannot find the cdk-swf package root above '${__dirname}': pass 'directory'`);
      dir = parent;
    }
  }

  private constructor() {}
}
