export {
  buildTestImage,
  TEST_IMAGE_PORT,
  type BuildTestImageOptions,
  type TestImage,
} from './buildTestImage.js';
export { busyboxRootfsTar, type BusyboxRootfsOptions } from './busyboxRootfsTar.js';
export { caddyAdmin, type CaddyAdmin, type CaddyAdminResponse } from './caddyAdmin.js';
export { caddyBaseConfig, type CaddyBaseConfigOptions } from './caddyBaseConfig.js';
export {
  createPodmanSandbox,
  sweepStalePodmanSandboxes,
  type PodmanResult,
  type PodmanSandbox,
  type PodmanSandboxOptions,
} from './createPodmanSandbox.js';
export { descendantsOf } from './descendantsOf.js';
export { freePort, type FreePortOptions } from './freePort.js';
export { isProcessRunning } from './isProcessRunning.js';
export { type TsigAlgorithm, type TsigKey } from './knotConfig.js';
export { makeTempDir, sweepStaleTempDirs, type TempDir } from './makeTempDir.js';
export { mountsUnder } from './mountsUnder.js';
export { randomLoopbackAddress } from './randomLoopbackAddress.js';
export { startAcmeCa, type AcmeCa, type StartAcmeCaOptions } from './startAcmeCa.js';
export { startCaddy, type CaddyInstance, type StartCaddyOptions } from './startCaddy.js';
export { startKnot, type DnsRecord, type KnotInstance, type StartKnotOptions } from './startKnot.js';
export {
  startProcess,
  type ManagedProcess,
  type ProcessExit,
  type StartProcessOptions,
} from './startProcess.js';
export { startSshd, type SshdInstance, type StartSshdOptions } from './startSshd.js';
export {
  startSupervisor,
  waitForStarts,
  type StartSupervisorOptions,
  type Supervisor,
} from './startSupervisor.js';
export { startStaticDns, type StaticDns, type StartStaticDnsOptions } from './startStaticDns.js';
export { TestkitError, type TestkitErrorCode } from './TestkitError.js';
export { waitFor, type WaitForOptions } from './waitFor.js';
export { createTestPki, type KeyAndCert, type TestPki } from './createTestPki.js';
export {
  createNetworkLab,
  sweepStaleLabs,
  type LabNamespace,
  type NetworkLab,
  type NetworkLabOptions,
} from './createNetworkLab.js';
