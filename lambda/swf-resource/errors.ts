/**
 * An error CloudFormation shows to the user as the reason a resource failed. The message is one line: what was
 * wrong, and what to do about it.
 */
export class HandlerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandlerError';
  }
}

/** The resource's properties break SWF's rules (or this handler's contract). Nothing was sent to SWF. */
export class InvalidPropertiesError extends HandlerError {
  constructor(
    readonly resourceType: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid ${resourceType} properties: ${problems.join('; ')}`);
    this.name = 'InvalidPropertiesError';
  }
}

/** The resource exists in SWF with a configuration that differs from ours; nothing was changed. */
export class ConfigurationConflictError extends HandlerError {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationConflictError';
  }
}

/** An update asked to change a setting SWF cannot change in place; nothing was changed. */
export class ImmutableChangeError extends HandlerError {
  constructor(message: string) {
    super(message);
    this.name = 'ImmutableChangeError';
  }
}
