import { describe, expect, it } from '@jest/globals';
import { checkImage } from './checkImage.js';

const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('checkImage', () => {
  it.each([
    'busybox:1.36',
    'library/busybox:1.36.1-musl',
    'docker.io/library/busybox:1.36',
    'mcr.example:8443/foo:v1',
    'mcr.example:8443/team/foo:v1',
    'localhost/hello:dev',
    'localhost:5000/hello:dev',
    '[::1]:5000/hello:dev',
    'my_repo/sub__name/a-b.c:TAG_1',
    `busybox@${digest}`,
    `mcr.example:8443/foo@${digest}`,
    `busybox:latest@${digest}`,
    `busybox@sha512:${'a'.repeat(128)}`,
  ])('accepts %s', (image) => {
    expect(checkImage(image)).toBeUndefined();
  });

  it.each<[string, string]>([
    ['busybox', 'must carry an explicit tag (e.g. "busybox:1.36") or a digest, got "busybox"'],
    [
      'mcr.example:8443/foo',
      'must carry an explicit tag (e.g. "busybox:1.36") or a digest, got "mcr.example:8443/foo"',
    ],
    ['busybox:latest', 'must not use the tag "latest"; pin a version or a digest, got "busybox:latest"'],
    [
      'mcr.example:8443/foo:latest',
      'must not use the tag "latest"; pin a version or a digest, got "mcr.example:8443/foo:latest"',
    ],
    ['busybox:', 'has an invalid tag, got "busybox:"'],
    ['busybox:-x', 'has an invalid tag, got "busybox:-x"'],
    ['busybox@sha256:abc', 'has an invalid digest, got "busybox@sha256:abc"'],
    ['bad_host-.example:99/foo:1', 'has an invalid registry host, got "bad_host-.example:99/foo:1"'],
    [
      'BusyBox:1',
      'must be an image reference such as "docker.io/library/busybox:1.36" (lowercase name), got "BusyBox:1"',
    ],
    ['', 'must be an image reference such as "docker.io/library/busybox:1.36" (lowercase name), got ""'],
    [
      'a//b:1',
      'must be an image reference such as "docker.io/library/busybox:1.36" (lowercase name), got "a//b:1"',
    ],
  ])('refuses %j', (image, message) => {
    expect(checkImage(image)).toBe(message);
  });
});
