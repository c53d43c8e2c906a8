// A hand-written stand-in for grpc.health.v1.Health (nice-grpc-server-health
// is not a dependency here): raw bytes in and out, enough to show the
// middleware lets the standard health paths through without a token.
import type { ServiceDefinition } from 'nice-grpc';

const raw = {
  requestSerialize: (value: Uint8Array) => value,
  requestDeserialize: (bytes: Uint8Array) => bytes,
  responseSerialize: (value: Uint8Array) => value,
  responseDeserialize: (bytes: Uint8Array) => bytes,
  options: {},
};

/** HealthCheckResponse { status: SERVING } in protobuf wire format. */
export const SERVING = Uint8Array.of(0x08, 0x01);

export const HealthDefinition = {
  check: { path: '/grpc.health.v1.Health/Check', requestStream: false, responseStream: false, ...raw },
  watch: { path: '/grpc.health.v1.Health/Watch', requestStream: false, responseStream: true, ...raw },
} as const satisfies ServiceDefinition;

/** A method registered on the server but deliberately missing from the table. */
export const UnlistedDefinition = {
  ping: { path: '/test.Unlisted/Ping', requestStream: false, responseStream: false, ...raw },
} as const satisfies ServiceDefinition;
