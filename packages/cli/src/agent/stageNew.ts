import type { RemoteAgent } from './RemoteAgent.js';
import type { Stage } from './ReplaceDeps.js';
import type { StepRecorder } from './StepRecorder.js';
import { UpgradeError } from './UpgradeError.js';

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Puts a `.new` on the node that runs there and reports `version`; resolves to that version. */
export async function stageNew(remote: RemoteAgent, stage: Stage, rec: StepRecorder): Promise<string> {
  if (stage.kind === 'previous') {
    const version = await rec.run(
      'self-test',
      () => remote.versionOf('.prev'),
      (v) => `.prev --version: ${v}`,
    );
    await rec.run(
      'stage',
      () => remote.stagePrevious(),
      () => `.prev linked as .new`,
    );
    return version;
  }
  const { binary } = stage;
  const started = Date.now();
  await rec.run(
    'upload',
    () => remote.upload(binary.path),
    () => `${mib(binary.size)} to ${remote.binaryPath}.new in ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
  await rec.run(
    'checksum',
    async () => {
      const sha = await remote.sha256OfNew();
      if (sha === binary.sha256) return sha;
      await remote.discardNew();
      throw new UpgradeError(
        'CHECKSUM_MISMATCH',
        `sha256 of ${remote.binaryPath}.new on ${remote.target} is ${sha}, the build's is ${binary.sha256}; removed it, nothing installed`,
      );
    },
    (sha) => `sha256 ${sha.slice(0, 16)}… matches the build`,
  );
  return rec.run(
    'self-test',
    async () => {
      const version = await remote.versionOf('.new').catch(async (error: unknown) => {
        await remote.discardNew();
        throw error;
      });
      if (version === binary.version) return version;
      await remote.discardNew();
      throw new UpgradeError(
        'BINARY_REFUSED',
        `${remote.binaryPath}.new reports ${version}, not ${binary.version}; removed it`,
      );
    },
    (v) => `.new --version on the node: ${v}`,
  );
}
