import {createReadStream} from "node:fs";
import {stat} from "node:fs/promises";
import type {Writable} from "node:stream";

// Framework extracts files from a loader's .tar output on demand, so one loader run per session can serve
// all of its tables; the members are already-compressed Parquet, so plain (ustar, uncompressed) tar is right.

const BLOCK = 512;

/** Writes files to `out` as a ustar archive; member names must be ASCII and at most 100 bytes. */
export async function writeTar(files: readonly {name: string; path: string}[], out: Writable): Promise<void> {
  for (const file of files) {
    const {size, mtimeMs} = await stat(file.path);
    await write(out, tarHeader(file.name, size, Math.floor(mtimeMs / 1000)));
    for await (const chunk of createReadStream(file.path)) await write(out, chunk as Buffer);
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (padding) await write(out, Buffer.alloc(padding));
  }
  await write(out, Buffer.alloc(BLOCK * 2));
}

/** The 512-byte ustar header of one regular file. */
export function tarHeader(name: string, size: number, mtimeSeconds: number): Buffer {
  if (!/^[\x20-\x7e]{1,100}$/.test(name)) throw new Error(`tar member name not supported: "${name}"`);
  const header = Buffer.alloc(BLOCK);
  header.write(name, 0, "ascii");
  header.write("0000644\0", 100, "ascii");
  header.write("0000000\0", 108, "ascii");
  header.write("0000000\0", 116, "ascii");
  header.write(`${size.toString(8).padStart(11, "0")}\0`, 124, "ascii");
  header.write(`${mtimeSeconds.toString(8).padStart(11, "0")}\0`, 136, "ascii");
  header.write("        ", 148, "ascii");
  header.write("0", 156, "ascii");
  header.write("ustar\0", 257, "ascii");
  header.write("00", 263, "ascii");
  let checksum = 0;
  for (const byte of header) checksum += byte;
  header.write(`${checksum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return header;
}

function write(out: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}
