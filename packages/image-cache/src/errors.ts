import { FerricError, Invalid } from '@ferric/core';

/**
 * The image is not acceptable for deployment: its real format differs from the
 * declared one, it is a qcow2 with a backing file or an external data file, or
 * its format is not one Ferric deploys (HTTP 400, Ironic's `ImageUnacceptable`).
 * @public
 */
export class ImageUnacceptable extends Invalid {
  static override readonly code: string = 'ImageUnacceptable';
}

/**
 * The downloaded image does not match its checksum, or the checksum given is
 * malformed or uses an unsupported algorithm (Ironic's `ImageChecksumError`).
 * @public
 */
export class ImageChecksumError extends Invalid {
  static override readonly code: string = 'ImageChecksumError';
}

/** The image (or its checksum file) could not be downloaded (Ironic's `ImageDownloadFailed`). @public */
export class ImageDownloadFailed extends FerricError {
  static override readonly code: string = 'ImageDownloadFailed';
}

/** `qemu-img` could not convert the image to raw (Ironic's `ImageConvertFailed`). @public */
export class ImageConvertFailed extends FerricError {
  static override readonly code: string = 'ImageConvertFailed';
}
