// Reads the records of one staged batch file synchronously and in bounded memory: NDJSON line by
// line, or a JSON array element by element (a JSON array is parsed whole; use NDJSON for big files).
import { closeSync, openSync, readSync, readFileSync } from 'node:fs';

export interface RawRecord {
  /** 1-based line (NDJSON) or element index + 1 (JSON array). */
  line: number;
  /** The record's JSON text, or the unparseable line. */
  text: string;
  /** Parsed value when the reader already parsed it (JSON arrays); otherwise parse `text`. */
  value?: unknown;
  /** UTF-8 size of the record's text. */
  bytes: number;
  /** Set when the record could not be read at all. */
  error?: string;
}

const CHUNK = 1 << 20;
const NEWLINE = 0x0a;

function* ndjsonLines(file: string, skipBom: boolean): Generator<RawRecord> {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let carry: Buffer = Buffer.alloc(0);
    let line = 0;
    let first = true;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      let data = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
      if (first && skipBom && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
      first = false;
      let start = 0;
      for (let i = data.indexOf(NEWLINE); i !== -1; i = data.indexOf(NEWLINE, start)) {
        line++;
        const text = data.toString('utf8', start, i).trim();
        if (text) yield { line, text, bytes: i - start };
        start = i + 1;
      }
      carry = Buffer.from(data.subarray(start));
      if (n === 0) break;
    }
    const rest = carry.toString('utf8').trim();
    if (rest) yield { line: line + 1, text: rest, bytes: carry.length };
  } finally {
    closeSync(fd);
  }
}

function firstSignificantByte(file: string): number | undefined {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    let i = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    while (i < n && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++;
    return i < n ? buf[i] : undefined;
  } finally {
    closeSync(fd);
  }
}

export function* readRecords(file: string): Generator<RawRecord> {
  if (firstSignificantByte(file) !== 0x5b /* [ */) {
    yield* ndjsonLines(file, true);
    return;
  }
  let values: unknown;
  try {
    values = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    yield { line: 1, text: '', bytes: 0, error: `the file is not a valid JSON array: ${(e as Error).message}` };
    return;
  }
  const list = values as unknown[];
  for (let i = 0; i < list.length; i++) {
    const text = JSON.stringify(list[i]);
    yield { line: i + 1, text, bytes: Buffer.byteLength(text), value: list[i] };
  }
}
