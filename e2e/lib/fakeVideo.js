// Writes a small Y4M clip for Chromium's fake camera: 320x180 at 15 fps, a moving bar
// on a coloured field, so the encoder has motion to send but little CPU to spend.
import { writeFileSync } from 'node:fs';

export function writeFakeVideo(file, { width = 320, height = 180, frames = 30, fps = 15, hue = 28 } = {}) {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const ySize = width * height;
  const cSize = (width / 2) * (height / 2);
  const parts = [header];
  for (let f = 0; f < frames; f++) {
    const y = Buffer.alloc(ySize);
    for (let row = 0; row < height; row++) y.fill(60 + Math.floor((row / height) * 80), row * width, (row + 1) * width);
    const barX = Math.floor((f / frames) * width);
    for (let row = 0; row < height; row++) {
      for (let col = barX; col < Math.min(width, barX + 24); col++) y[row * width + col] = 220;
    }
    const u = Buffer.alloc(cSize, (128 + hue) & 255);
    const v = Buffer.alloc(cSize, (128 - hue) & 255);
    parts.push(Buffer.from('FRAME\n'), y, u, v);
  }
  writeFileSync(file, Buffer.concat(parts));
  return file;
}
