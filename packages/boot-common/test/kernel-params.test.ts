import { InvalidParameterValue } from '@ferric/core';
import { describe, expect, it } from 'vitest';
import { renderKernelParams } from '../src/index.js';

describe('renderKernelParams', () => {
  it('renders base then key=value pairs, quoting values with spaces', () => {
    expect(
      renderKernelParams(
        { 'ipa-api-url': 'http://192.0.2.1:6385', flag: '', 'x.y': 'a b' },
        'nofb vga=normal',
      ),
    ).toBe('nofb vga=normal ipa-api-url=http://192.0.2.1:6385 flag x.y="a b"');
  });

  it.each([
    ['newline injection', { a: 'x\nkernel /evil' }],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: iPXE variable syntax, not a template
    ['variable expansion', { a: '${mac}' }],
    ['quote', { a: 'x"y' }],
    ['bad key', { 'a b': 'x' }],
  ])('refuses %s', (_name, params) => {
    expect(() => renderKernelParams(params)).toThrow(InvalidParameterValue);
  });
});
