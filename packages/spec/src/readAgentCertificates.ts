import type { AgentConfig } from './AgentConfig.js';
import { absolutePath, hostPort, httpsUrl } from './commonFields.js';
import { compact } from './compact.js';
import { refuse } from './configCommon.js';
import { between, oneOf, string } from './fieldTypes.js';
import type { TableReader } from './TableReader.js';

type Certificates = AgentConfig['certificates'];
type Acme = NonNullable<Certificates['acme']>;

const ACME_KEYS = [
  'acme_directory',
  'acme_ca_cert',
  'acme_eab_kid',
  'acme_eab_hmac_key_file',
  'acme_email',
  'http01_listen',
] as const;

/** Reads `[certificates]` of `mcp-agent.toml`; the `acme_*` keys only go with provider "acme". */
export function readAgentCertificates(t: TableReader, home: string): Certificates | undefined {
  const provider = t.withDefault('provider', oneOf(['master', 'acme']), 'master');
  const renewFraction = t.withDefault('renew_fraction', between(0, 1), 1 / 3);
  if (provider !== 'acme') {
    for (const key of ACME_KEYS) refuse(t, key, 'is only used with provider = "acme"');
    return t.finish<Certificates>({ provider, acme: undefined, renewFraction });
  }
  const path = absolutePath(home);
  const directory = t.required('acme_directory', httpsUrl);
  const kid = t.optional('acme_eab_kid', string);
  const hmacKeyFile = t.optional('acme_eab_hmac_key_file', path);
  if (t.has('acme_eab_kid') && !t.has('acme_eab_hmac_key_file')) {
    t.report('is required with acme_eab_kid', 'acme_eab_hmac_key_file');
  }
  if (t.has('acme_eab_hmac_key_file') && !t.has('acme_eab_kid')) {
    t.report('is required with acme_eab_hmac_key_file', 'acme_eab_kid');
  }
  const acme = compact<Acme>({
    directory: directory ?? '',
    caCert: t.optional('acme_ca_cert', path),
    eab: kid === undefined || hmacKeyFile === undefined ? undefined : { kid, hmacKeyFile },
    email: t.optional('acme_email', string),
    http01Listen: t.withDefault('http01_listen', hostPort, '0.0.0.0:80'),
  });
  // Without a directory the table has already failed, so the '' above never escapes.
  return t.finish<Certificates>({ provider, acme, renewFraction });
}
