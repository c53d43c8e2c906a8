import { execa } from 'execa';

/** One record of an answer. */
export interface DigRecord {
  ttl: number;
  data: string;
}

/**
 * The records of `name`/`type` as the server at 127.0.0.1:`port` answers
 * (no recursion), sorted by data; empty when there are none.
 *
 * @throws when dig fails (no answer within a second, server down).
 */
export async function digRecords(port: number, name: string, type: string): Promise<DigRecord[]> {
  const args = ['+noall', '+answer', '+norecurse', '+time=1', '+tries=1', '@127.0.0.1', '-p', String(port)];
  const { stdout } = await execa('dig', [...args, name, type]);
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith(';'))
    .map((line) => {
      // name ttl class type data…
      const [, ttl = '', , , ...data] = line.trim().split(/\s+/);
      return { ttl: Number(ttl), data: data.join(' ') };
    })
    .sort((a, b) => a.data.localeCompare(b.data));
}

/** The record data of `name`/`type` (see `digRecords`), sorted. */
export async function dig(port: number, name: string, type: string): Promise<string[]> {
  return (await digRecords(port, name, type)).map((record) => record.data);
}
