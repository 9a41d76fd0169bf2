import { describe, expect, it } from 'vitest';
import { decodeDeviceId } from './app.js';
import { decodeBootFlags, encodeBootFlags } from './boot.js';
import { decodeChassisStatus } from './chassis.js';

describe('chassis and boot option encodings (IPMI v2.0 §28)', () => {
  it('decodes ipmi_sim chassis status (only the power bit)', () => {
    expect(decodeChassisStatus(Buffer.from([0x01, 0x00, 0x00]))).toMatchObject({
      powerOn: true,
      identify: 'unsupported',
    });
    expect(decodeChassisStatus(Buffer.from([0x40, 0x10, 0x60]))).toMatchObject({
      powerOn: false,
      restorePolicy: 'always-on',
      identify: 'indefinite',
    });
  });

  it('encodes parameter 5: valid | persistent | EFI, device in bits 5:2', () => {
    expect(encodeBootFlags({ device: 'pxe', persistent: true, efi: true }).toString('hex')).toBe(
      '05e004000000',
    );
    expect(encodeBootFlags({ device: 'cdrom', persistent: false, efi: false }).toString('hex')).toBe(
      '058014000000',
    );
    expect(encodeBootFlags({ device: 'bios', persistent: false, efi: false }).toString('hex')).toBe(
      '058018000000',
    );
  });

  it('decodes what ipmi_sim returns: device kept, valid bit not', () => {
    expect(decodeBootFlags(Buffer.from('01050004000000', 'hex'))).toMatchObject({
      device: 'pxe',
      valid: false,
      persistent: false,
      efi: false,
    });
  });

  it('decodes Get Device ID from ipmi_sim', () => {
    const d = decodeDeviceId(Buffer.from('000309080 29f9112000 20f000000 00'.replace(/ /g, ''), 'hex'));
    expect(d).toMatchObject({
      deviceRevision: 3,
      firmwareRevision: '9.08',
      ipmiVersion: '2.0',
      manufacturerId: 4753,
      productId: 0x0f02,
    });
  });
});
