import type { ServiceSpec } from '@mcp/spec';
import type { AgentContext } from './AgentContext.js';

/** The `images` step's outcome. */
export interface PulledImages {
  changed: boolean;
  detail: string;
}

/**
 * Fetches every component's image that is not in local storage yet, before
 * anything else is done for the deploy: an image that cannot be had then
 * fails it with no certificate issued, no port held and no container
 * touched. Nothing to undo: a pulled image is only a cache.
 *
 * @throws RuntimeError `PULL_FAILED` naming the image, its registry and podman's reason.
 */
export async function pullImages(ctx: AgentContext, spec: ServiceSpec): Promise<PulledImages> {
  const images = [...new Set(spec.components.map((c) => c.image))];
  const pulled: string[] = [];
  for (const image of images) {
    if (await ctx.runtime.imageExists(image)) continue;
    await ctx.runtime.pull(image);
    pulled.push(image);
  }
  // A pulled image is not a change to the service: the containers step says what changed.
  const detail = pulled.length ? `pulled ${pulled.join(', ')}` : `${images.length} present`;
  return { changed: false, detail };
}
