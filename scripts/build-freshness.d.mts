export declare const ROOT: string;
/** Undefined when the build is up to date, or why it is not. */
export declare function staleBuildReason(root?: string): string | undefined;
