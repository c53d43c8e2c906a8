import type { ServiceSpec as ServiceSpecMessage } from '@mcp/proto';
import { SpecError, specFromProto, type ServiceSpec } from '@mcp/spec';
import { ServerError, Status } from 'nice-grpc';

/** Validates one spec from the wire; INVALID_ARGUMENT names the field. */
export function parseSpec(message: ServiceSpecMessage | undefined): ServiceSpec {
  if (!message) throw new ServerError(Status.INVALID_ARGUMENT, 'spec: required');
  return specFromProto(message);
}

/** Validates a set of specs; errors name the spec (`specs[2] (web): ...`) and duplicates are refused. */
export function parseSpecs(messages: ServiceSpecMessage[]): ServiceSpec[] {
  const problems: string[] = [];
  const specs: ServiceSpec[] = [];
  const seen = new Set<string>();
  messages.forEach((m, i) => {
    try {
      const spec = specFromProto(m);
      if (seen.has(spec.name)) problems.push(`specs[${i}] (${spec.name}): the service is listed twice`);
      seen.add(spec.name);
      specs.push(spec);
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
      problems.push(`specs[${i}] (${m.name || 'unnamed'}): ${error.message.split('\n').join('; ')}`);
    }
  });
  if (problems.length) throw new ServerError(Status.INVALID_ARGUMENT, problems.join('\n'));
  return specs;
}
