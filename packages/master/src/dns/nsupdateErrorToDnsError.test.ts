import { describe, expect, it } from '@jest/globals';
import { nsupdateErrorToDnsError } from './nsupdateErrorToDnsError.js';

const context = {
  server: '10.0.0.53:53',
  zone: 'svc.mcp.example.org',
  keyName: 'mcp-master',
  algorithm: 'hmac-sha256',
  timeoutMs: 5000,
};

// Outputs as nsupdate 9.18 prints them (stderr and stdout interleaved).
describe('nsupdateErrorToDnsError', () => {
  it.each([
    [
      '; TSIG error with server: tsig indicates error\nupdate failed: NOTAUTH(BADSIG)\n',
      'NOT_AUTHORIZED',
      '10.0.0.53:53 refused the TSIG signature of key mcp-master (NOTAUTH/BADSIG): the secret does not match',
    ],
    [
      '; TSIG error with server: tsig indicates error\nupdate failed: NOTAUTH(BADKEY)\n',
      'NOT_AUTHORIZED',
      '10.0.0.53:53 does not accept key mcp-master (hmac-sha256) for updates to svc.mcp.example.org (NOTAUTH/BADKEY)',
    ],
    [
      'update failed: NOTAUTH(BADTIME)\n',
      'NOT_AUTHORIZED',
      '10.0.0.53:53 refused the TSIG time (NOTAUTH/BADTIME): the clocks differ too much',
    ],
    [
      'update failed: NOTAUTH(BADTRUNC)\n',
      'NOT_AUTHORIZED',
      '10.0.0.53:53 refused key mcp-master (NOTAUTH/BADTRUNC)',
    ],
    [
      '; TSIG error with server: expected a TSIG or SIG(0)\nupdate failed: NOTAUTH\n',
      'NOT_ZONE',
      '10.0.0.53:53 is not authoritative for zone svc.mcp.example.org (NOTAUTH)',
    ],
    [
      'update failed: NOTZONE\n',
      'NOT_ZONE',
      '10.0.0.53:53 says a name is outside zone svc.mcp.example.org (NOTZONE)',
    ],
    [
      'update failed: REFUSED\n',
      'REFUSED',
      '10.0.0.53:53 refused the update to zone svc.mcp.example.org (REFUSED): its policy forbids it',
    ],
    [
      'update failed: SERVFAIL\n',
      'UPDATE_FAILED',
      '10.0.0.53:53 failed the update to zone svc.mcp.example.org (SERVFAIL)',
    ],
    [
      '; TSIG error with server: tsig verify failure\n',
      'NOT_AUTHORIZED',
      'the reply from 10.0.0.53:53 is not signed with key mcp-master (tsig verify failure)',
    ],
    [
      '; Communication with 10.0.0.53#53 failed: timed out\n',
      'TIMEOUT',
      'no answer from DNS server 10.0.0.53:53 within 5000 ms (timed out)',
    ],
    [
      '; Communication with 10.0.0.53#53 failed: connection refused\n',
      'UNREACHABLE',
      'DNS server 10.0.0.53:53 is unreachable (connection refused)',
    ],
    [
      '; Communication with 10.0.0.53#53 failed: host unreachable\n',
      'UNREACHABLE',
      'DNS server 10.0.0.53:53 is unreachable (host unreachable)',
    ],
    [
      "couldn't get address for 'ns.nowhere': not found\n",
      'UNREACHABLE',
      "DNS server 10.0.0.53:53 is unreachable (couldn't get address for 'ns.nowhere': not found)",
    ],
    [
      'could not create key from [secret]: bad base64 encoding\nsyntax error\n',
      'INVALID_SECRET',
      'nsupdate could not use the secret of key mcp-master',
    ],
    ['something new\nand more\n', 'TOOL_FAILED', 'nsupdate failed: something new'],
    ['', 'TOOL_FAILED', 'nsupdate failed: no output'],
  ])('%j → %s', (output, code, message) => {
    const error = nsupdateErrorToDnsError(output, context);
    expect(error).toMatchObject({ name: 'DnsError', code, message });
    expect(error.cause).toBeInstanceOf(Error);
  });
});
