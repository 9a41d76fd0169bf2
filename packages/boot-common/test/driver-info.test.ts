import { MissingParameterValue } from '@ferric/core';
import { createTestTask } from '@ferric/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bootModeFor,
  configureBoot,
  getBootConfig,
  instanceRamdiskFor,
  normalizeMac,
  parseCapabilities,
  ramdiskImagesFor,
  ramdiskKindFor,
  resetBootConfig,
} from '../src/index.js';

afterEach(() => resetBootConfig());

describe('boot configuration', () => {
  it('derives directories from dataDir unless set, and trims the HTTP URL', () => {
    const config = configureBoot({ dataDir: '/srv/boot', httpUrl: 'http://192.0.2.1:8088/' });
    expect(config.tftpRoot).toBe('/srv/boot/tftpboot');
    expect(config.httpRoot).toBe('/srv/boot/httpboot');
    expect(config.httpUrl).toBe('http://192.0.2.1:8088');
    configureBoot({ tftpRoot: '/tftpboot' });
    expect(getBootConfig()).toMatchObject({ tftpRoot: '/tftpboot', httpRoot: '/srv/boot/httpboot' });
  });
});

describe('driver_info', () => {
  it('reads deploy and rescue images, falling back to configured ones', () => {
    const task = createTestTask({ driverInfo: { deploy_kernel: '/k', deploy_ramdisk: 'http://x/r' } });
    expect(ramdiskImagesFor(task, 'deploy')).toEqual({ kernel: '/k', ramdisk: 'http://x/r' });
    expect(() => ramdiskImagesFor(task, 'rescue')).toThrow(MissingParameterValue);
    configureBoot({ rescueKernel: '/rk', rescueRamdisk: '/rr' });
    expect(ramdiskImagesFor(task, 'rescue')).toEqual({ kernel: '/rk', ramdisk: '/rr' });
    expect(ramdiskKindFor(task)).toBe('deploy');
    task.node.provisionState = 'rescuing';
    expect(ramdiskKindFor(task)).toBe('rescue');
  });

  it('resolves the boot mode: instance capabilities, driver_info, properties, default', () => {
    const task = createTestTask({});
    expect(bootModeFor(task)).toBe('uefi');
    task.node.properties.capabilities = 'boot_mode:bios,secure_boot:false';
    expect(bootModeFor(task)).toBe('bios');
    task.node.driverInfo.boot_mode = 'uefi';
    expect(bootModeFor(task)).toBe('uefi');
    task.node.instanceInfo.capabilities = { boot_mode: 'bios' };
    expect(bootModeFor(task)).toBe('bios');
    expect(parseCapabilities('a:1,b:x:y')).toEqual({ a: '1', b: 'x:y' });
  });

  it('detects ramdisk instance boot', () => {
    const task = createTestTask({ instanceInfo: { boot_option: 'ramdisk', kernel: '/k', ramdisk: '/r' } });
    expect(instanceRamdiskFor(task)).toEqual({ kernel: '/k', ramdisk: '/r' });
    task.node.instanceInfo = {};
    expect(instanceRamdiskFor(task)).toBeNull();
  });

  it('normalises MACs', () => {
    expect(normalizeMac('52-54-00-AB-CD-EF')).toBe('52:54:00:ab:cd:ef');
    expect(() => normalizeMac('nope')).toThrow();
  });
});
