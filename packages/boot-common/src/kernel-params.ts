import { InvalidParameterValue, type RamdiskParams } from '@ferric/core';

const KEY = /^[A-Za-z0-9_.:-]+$/;
// Control characters (newlines would inject directives into PXELINUX/GRUB/iPXE
// configs), quotes, and `$` (iPXE and GRUB expand variables) are refused.
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point.
const FORBIDDEN = /[\u0000-\u001f\u007f"$\\`]/;

/**
 * Render ramdisk parameters as a kernel command line: `base` first, then
 * `key=value` pairs in insertion order. Values containing spaces are quoted;
 * keys must be `[A-Za-z0-9_.:-]+`, and values may not contain control
 * characters, quotes, backslashes or `$`, so the line is safe to embed in
 * PXELINUX, GRUB and iPXE templates.
 * @throws {@link InvalidParameterValue} on an unsafe key or value.
 * @public
 */
export function renderKernelParams(params: RamdiskParams, base = ''): string {
  if (FORBIDDEN.test(base))
    throw new InvalidParameterValue('Kernel parameters contain a forbidden character.');
  const parts = base.trim() ? [base.trim()] : [];
  for (const [key, value] of Object.entries(params)) {
    if (!KEY.test(key)) throw new InvalidParameterValue(`Invalid kernel parameter name '${key}'.`);
    if (FORBIDDEN.test(value)) {
      throw new InvalidParameterValue(`Kernel parameter '${key}' contains a forbidden character.`);
    }
    parts.push(value === '' ? key : /\s/.test(value) ? `${key}="${value}"` : `${key}=${value}`);
  }
  return parts.join(' ');
}
