// Just enough DER to read a CSR's public key and write a certificate: Node
// can parse X.509 but not make it, and these fakes should not shell out.

/** One DER element: where it begins (its tag), and where its content lies. */
interface Element {
  at: number;
  start: number;
  end: number;
}

function read(bytes: Buffer, at: number): Element {
  let length = bytes[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[start + i]!;
    start += count;
  }
  return { at, start, end: start + length };
}

/** The children of the constructed element at `at`. */
function children(bytes: Buffer, at: number): Element[] {
  const outer = read(bytes, at);
  const found: Element[] = [];
  for (let i = outer.start; i < outer.end; i = found.at(-1)!.end) found.push(read(bytes, i));
  return found;
}

/** The SubjectPublicKeyInfo of a PKCS#10 request, as DER. */
export function csrPublicKeyInfo(csrPem: string): Buffer {
  const der = Buffer.from(csrPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  // CertificationRequest { info { version, subject, subjectPKInfo, attributes }, algorithm, signature }
  const info = children(der, 0)[0]!;
  const key = children(der, info.at)[2]!;
  return der.subarray(key.at, key.end);
}

/** An element with `tag` around `content`. */
export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

export const sequence = (...content: Buffer[]): Buffer => tlv(0x30, ...content);

export function integer(hex: string): Buffer {
  const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  return tlv(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

export function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let v = arc >> 7; v > 0; v >>= 7) groups.unshift((v & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}

export function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`))
    : tlv(0x18, Buffer.from(`${iso}Z`));
}

/** A Name with just a common name. */
export function commonName(name: string): Buffer {
  return sequence(tlv(0x31, sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(name)))));
}

export function bitString(bytes: Buffer): Buffer {
  return tlv(0x03, Buffer.from([0]), bytes);
}

export function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
