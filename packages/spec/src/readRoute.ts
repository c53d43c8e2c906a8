import { dnsLabel, dnsName } from './commonFields.js';
import { boolean, integer, oneOf } from './fieldTypes.js';
import type { RouteMode, RouteSpec } from './serviceTypes.js';
import type { TableReader } from './TableReader.js';

const MODES: readonly RouteMode[] = ['l4', 'l7'];

/** Reads one `[[components.routes]]` table. */
export function readRoute(table: TableReader): RouteSpec | undefined {
  const route = {
    name: table.optional('name', dnsLabel),
    port: table.required('port', integer(1, 65535)),
    // l7 is the default: the proxy terminates TLS with the internal
    // certificate, which is what every public route needs anyway.
    mode: table.withDefault('mode', oneOf(MODES), 'l7'),
    hostname: table.optional('hostname', dnsName),
    public: table.withDefault('public', boolean, false),
  };
  if (route.public) {
    if (route.mode !== 'l7') table.report(`must be "l7" for a public route, got "${route.mode}"`, 'mode');
    if (!table.has('hostname')) table.report('is required for a public route', 'hostname');
  }
  return table.finish<RouteSpec>(route);
}
