import { describe, expect, it } from '@jest/globals';
import { readCsrNames } from './readCsrNames.js';
import { makeCsr } from './testing/makeCsr.js';

describe('readCsrNames', () => {
  it('reads the common name and the subjectAltNames by type, as written', async () => {
    const { csrPem } = await makeCsr({
      commonName: 'API.example.net',
      dnsNames: ['API.example.net', '*.example.net'],
      ipAddresses: ['127.0.0.1', '::1'],
      emails: ['ops@example.net'],
    });
    expect(readCsrNames(csrPem)).toEqual({
      commonName: 'API.example.net',
      dnsNames: ['API.example.net', '*.example.net'],
      ipAddresses: ['127.0.0.1', '::1'],
      otherSans: ['email:ops@example.net'],
    });
  });

  it('reads a CSR without a subject or SANs', async () => {
    const { csrPem } = await makeCsr();
    expect(readCsrNames(csrPem)).toEqual({
      commonName: undefined,
      dnsNames: [],
      ipAddresses: [],
      otherSans: [],
    });
  });

  it('refuses text that is not a CSR', () => {
    expect(() => readCsrNames('x')).toThrow(expect.objectContaining({ code: 'BAD_CSR' }));
  });
});
