import { DriverOperationError, InvalidParameterValue, NotFound } from '@ferric/core';

/** Boot services are not configured for what was asked (no HTTP URL, no TFTP root…). @public */
export class BootConfigurationError extends InvalidParameterValue {
  static override readonly code: string = 'BootConfigurationError';
}

/** A kernel, ramdisk or image could not be fetched or staged. @public */
export class ImageStagingError extends DriverOperationError {
  static override readonly code: string = 'ImageStagingError';
}

/** Building a boot ISO or parameter image failed. @public */
export class ImageBuildError extends DriverOperationError {
  static override readonly code: string = 'ImageBuildError';
}

/** A path asked of a file service escapes its root or names nothing servable. @public */
export class BootFileNotFound extends NotFound {
  static override readonly code: string = 'BootFileNotFound';
}
