import { SSHD_WORK_MOUNT } from './sshdNamespaceScript.js';

/**
 * sshd_config for a test server: root may log in with the authorized key only (no passwords,
 * no PAM), StrictModes kept on, SFTP served in-process. Paths
 * are as seen inside the server's mount namespace.
 */
export function sshdConfig(host: string, port: number): string {
  return `# Written by @mcp/testkit for one test's sshd.
ListenAddress ${host.includes(':') ? `[${host}]` : host}:${port}
HostKey ${SSHD_WORK_MOUNT}/ssh_host_ed25519_key
AuthorizedKeysFile ${SSHD_WORK_MOUNT}/authorized_keys
PidFile none
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes yes
UseDNS no
Subsystem sftp internal-sftp
`;
}
