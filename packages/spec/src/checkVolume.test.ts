import { describe, expect, it } from '@jest/globals';
import { checkVolume } from './checkVolume.js';

describe('checkVolume', () => {
  it.each([
    '/srv/hello:/data',
    '/srv/hello/db:/var/lib/db:ro',
    'cache:/cache',
    'my_vol.1:/x:rw,Z,U',
    '/a:/b:idmap=uids=0-1000-10',
  ])('accepts %s', (volume) => {
    expect(checkVolume(volume)).toBeUndefined();
  });

  it.each<[string, string]>([
    ['/data', 'must be "host:container[:options]", got "/data"'],
    ['/a:/b:ro:z', 'must be "host:container[:options]", got "/a:/b:ro:z"'],
    ['data/x:/x', 'host part must be an absolute path or a volume name, got "data/x:/x"'],
    [':/x', 'host part must be an absolute path or a volume name, got ":/x"'],
    ['/a:b', 'container part must be an absolute path, got "/a:b"'],
    ['/a:', 'container part must be an absolute path, got "/a:"'],
    ['/a:/b:', 'options must be a comma-separated list such as "ro,Z", got "/a:/b:"'],
    ['/a:/b:ro,,z', 'options must be a comma-separated list such as "ro,Z", got "/a:/b:ro,,z"'],
  ])('refuses %j', (volume, message) => {
    expect(checkVolume(volume)).toBe(message);
  });
});
