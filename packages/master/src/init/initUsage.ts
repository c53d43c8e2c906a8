/** The help text of `mcp-master init`. */
export const INIT_USAGE = `Usage: mcp-master init --dir <dir> --node <master node> --zone <zone> --address <addr>... [options]

Creates what a new fleet needs in <dir>: the fleet CA (ca.pem, ca.key), the
token signing key (signing.key, signing.pub), the master's TLS certificate
(master.pem, master.key), agents' TLS certificates (agents/<node>.pem, .key,
naming <node>.node.mcp.<zone>) and bearer tokens, each for one receiver:
tokens/<identity>.token for the master (operators and agents), and
tokens/direct/<operator>/<node>.token for mcp --direct -n <node>. Existing
files are never replaced: run it again to add agents or operators.

Options:
  --dir <dir>                  directory of the fleet files (created with mode 0700)
  --node <name>                the master's node name; its agent gets a token too
  --zone <zone>                the fleet's internal zone (the master's zone setting)
  --address <addr>             DNS name or IP address agents and the CLI dial the
                               master by, for its TLS certificate; repeatable
  --agent <node>[=<addr>,...]  an agent node: gets a token, and with addresses a TLS
                               certificate for its gRPC listener; repeatable
  --operator <name>            a person who gets a token (default: operator); repeatable
  --token-ttl <days>           token lifetime in days (default 365)
  --json                       print the summary as JSON
  -h, --help                   show this help

Keys and tokens are written to files (mode 0600), never printed.

Example:
  mcp-master init --dir /srv/mcp/fleet --node rift --zone metacircular.net \\
    --address rift.example.net --address 100.64.0.1 \\
    --agent rift=100.64.0.1 --agent orion=100.64.0.2 --agent svc=100.64.0.4 \\
    --operator kyle
`;
