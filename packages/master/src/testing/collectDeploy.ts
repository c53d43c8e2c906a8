import type { DeployResult, MasterServiceClient, StepResult } from '@mcp/proto';
import { parseServiceSpec, specToProto } from '@mcp/spec';

/** Runs a master Deploy and gathers the streamed steps and the final result. */
export async function collectDeploy(
  client: MasterServiceClient,
  spec: ReturnType<typeof specToProto>,
): Promise<{ streamed: StepResult[]; result: DeployResult }> {
  const streamed: StepResult[] = [];
  let result: DeployResult | undefined;
  for await (const event of client.deploy({ spec })) {
    if (event.step) streamed.push(event.step);
    if (event.result) result = event.result;
  }
  if (!result) throw new Error('the deploy stream ended without a result');
  return { streamed, result };
}

/** A one-component busybox httpd service spec, in proto form. */
export function httpdSpec(
  name: string,
  image: string,
  options: { component?: string; tier?: 'core' | 'worker'; node?: string } = {},
): ReturnType<typeof specToProto> {
  const head = [`name = "${name}"`, options.tier ? `tier = "${options.tier}"` : '', options.node ? `node = "${options.node}"` : '']
    .filter(Boolean)
    .join('\n');
  return specToProto(
    parseServiceSpec(
      `${head}\n[[components]]\nname = "${options.component ?? name}"\nimage = "${image}"\n[[components.routes]]\nport = 8080\n`,
    ),
  );
}
