export * from './worker-kind';
export { WorkerImage, WorkerImageProps, WORKER_DOCKERFILE, WORKER_IMAGE_EXCLUDES } from './worker-image';
export * from './worker-service';
