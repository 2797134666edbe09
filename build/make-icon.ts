// Draws build/icon.png (512×512): a blue rounded square with three linked white nodes
// (a fleet of sites) and a green "all well" dot. Pure Node, no network: `node build/make-icon.ts`.
// The PNG is committed; rerun this only to change the design.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const SIZE = 512;
type Rgba = [number, number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Signed distances (negative inside); coverage comes from a one-pixel soft edge.
const coverage = (d: number) => Math.min(1, Math.max(0, 0.5 - d));
const circle = (x: number, y: number, cx: number, cy: number, r: number) => Math.hypot(x - cx, y - cy) - r;
function roundedSquare(x: number, y: number, inset: number, radius: number): number {
  const half = SIZE / 2 - inset;
  const qx = Math.abs(x - SIZE / 2) - half + radius;
  const qy = Math.abs(y - SIZE / 2) - half + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}
function segment(x: number, y: number, ax: number, ay: number, bx: number, by: number, width: number): number {
  const [px, py, vx, vy] = [x - ax, y - ay, bx - ax, by - ay];
  const t = Math.min(1, Math.max(0, (px * vx + py * vy) / (vx * vx + vy * vy)));
  return Math.hypot(px - vx * t, py - vy * t) - width / 2;
}

export function drawIcon(): Uint8Array {
  const px = new Uint8Array(SIZE * SIZE * 4);
  const nodes: [number, number][] = [[256, 150], [150, 340], [362, 340]];
  const over = (dst: Rgba, src: Rgba, a: number): Rgba => {
    const sa = (src[3] / 255) * a;
    const da = dst[3] / 255;
    const oa = sa + da * (1 - sa);
    if (oa === 0) return [0, 0, 0, 0];
    const mix = (i: 0 | 1 | 2) => (src[i] * sa + dst[i] * da * (1 - sa)) / oa;
    return [mix(0), mix(1), mix(2), oa * 255];
  };
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const [sx, sy] = [x + 0.5, y + 0.5];
      let c: Rgba = [0, 0, 0, 0];
      c = over(c, [29, 78, 137, 255], coverage(roundedSquare(sx, sy, 16, 96)));
      let links = Infinity;
      for (let i = 0; i < nodes.length; i++) {
        const [a, b] = [nodes[i], nodes[(i + 1) % nodes.length]];
        if (a && b) links = Math.min(links, segment(sx, sy, a[0], a[1], b[0], b[1], 18));
      }
      c = over(c, [255, 255, 255, 200], coverage(links));
      for (const [cx, cy] of nodes) c = over(c, [255, 255, 255, 255], coverage(circle(sx, sy, cx, cy, 50)));
      c = over(c, [0, 112, 60, 255], coverage(circle(sx, sy, 256, 270, 34)));
      px.set(c.map((v) => Math.round(v)), (y * SIZE + x) * 4);
    }
  }
  return px;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'icon.png');
  fs.writeFileSync(out, encodePng(SIZE, SIZE, drawIcon()));
  process.stdout.write(`wrote ${out}\n`);
}
