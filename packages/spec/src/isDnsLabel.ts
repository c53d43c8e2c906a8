const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Whether `text` is a DNS label as MCP uses them for service, component,
 * route and node names: lowercase `a-z`, `0-9` and `-`, 1 to 63 characters,
 * no leading or trailing `-`. Such a name is safe in a path (`/srv/<name>`),
 * a container name and a DNS name.
 */
export function isDnsLabel(text: string): boolean {
  return LABEL.test(text);
}

/**
 * Whether `text` is a lowercase DNS name: DNS labels joined by dots, at most
 * 253 characters, no trailing dot (`hello.svc.mcp.example.net`).
 */
export function isDnsName(text: string): boolean {
  return text.length <= 253 && text.split('.').every(isDnsLabel);
}
