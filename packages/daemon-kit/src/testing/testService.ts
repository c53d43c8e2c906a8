// A two-method service for testing server middleware without the mcp
// contract: raw bytes in and out, one unary and one server-streaming method.
import type { ServiceDefinition } from 'nice-grpc';

const raw = {
  requestSerialize: (value: Uint8Array) => value,
  requestDeserialize: (bytes: Uint8Array) => bytes,
  responseSerialize: (value: Uint8Array) => value,
  responseDeserialize: (bytes: Uint8Array) => bytes,
  options: {},
};

export const TestDefinition = {
  unary: { path: '/mcp.test.Test/Unary', requestStream: false, responseStream: false, ...raw },
  stream: { path: '/mcp.test.Test/Stream', requestStream: false, responseStream: true, ...raw },
} as const satisfies ServiceDefinition;
