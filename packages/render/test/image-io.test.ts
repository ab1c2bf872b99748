import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, encodeJpeg, encodePng, encodeWebp, type RgbImage, writeImage } from '../src/index';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gradcam-render-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A smooth gradient with a distinct value in every channel, which JPEG keeps well. */
function gradient(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3;
      data[p] = Math.round((255 * x) / (width - 1));
      data[p + 1] = Math.round((255 * y) / (height - 1));
      data[p + 2] = 128;
    }
  }
  return { data, width, height, channels: 3 };
}

function noise(width: number, height: number, channels: 3 | 4): RgbImage {
  let seed = 12345;
  const data = Uint8Array.from({ length: width * height * channels }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed >> 23;
  });
  return { data, width, height, channels };
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('PNG', () => {
  it('round-trips every pixel exactly', async () => {
    const image = noise(17, 9, 3);
    const decoded = await decodeImage(await encodePng(image));
    expect(decoded).toMatchObject({ width: 17, height: 9, channels: 3 });
    expect(Array.from(decoded.data)).toEqual(Array.from(image.data));
  });

  it('writes real PNG bytes (signature and size in the IHDR chunk)', async () => {
    const png = await encodePng(noise(5, 3, 3));
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBe(5);
    expect(png.readUInt32BE(20)).toBe(3);
  });

  it('drops alpha on decode, keeping the stored colours', async () => {
    const rgba = noise(6, 4, 4);
    const decoded = await decodeImage(await encodePng(rgba));
    expect(decoded.channels).toBe(3);
    const rgbOnly = rgba.data.filter((_, i) => i % 4 !== 3);
    expect(Array.from(decoded.data)).toEqual(Array.from(rgbOnly));
  });

  it('flattens alpha over a background when asked', async () => {
    // One opaque red pixel and one fully transparent one over white.
    const rgba: RgbImage = {
      data: Uint8Array.from([255, 0, 0, 255, 0, 0, 255, 0]),
      width: 2,
      height: 1,
      channels: 4,
    };
    const decoded = await decodeImage(await encodePng(rgba), { background: [255, 255, 255] });
    expect(Array.from(decoded.data)).toEqual([255, 0, 0, 255, 255, 255]);
  });

  it('decodes a greyscale PNG to three equal channels', async () => {
    const grey = await sharp(Buffer.from([0, 100, 200, 255]), { raw: { width: 2, height: 2, channels: 1 } })
      .png()
      .toBuffer();
    const decoded = await decodeImage(grey);
    expect(Array.from(decoded.data)).toEqual([0, 0, 0, 100, 100, 100, 200, 200, 200, 255, 255, 255]);
  });
});

describe('JPEG and WebP', () => {
  it('JPEG decodes close to the encoded pixels', async () => {
    const image = gradient(64, 48);
    const jpeg = await encodeJpeg(image, 95);
    expect(Array.from(jpeg.subarray(0, 2))).toEqual([0xff, 0xd8]);
    const decoded = await decodeImage(jpeg);
    expect(decoded).toMatchObject({ width: 64, height: 48, channels: 3 });
    let sum = 0;
    for (let i = 0; i < image.data.length; i++) sum += Math.abs(image.data[i] - decoded.data[i]);
    expect(sum / image.data.length).toBeLessThan(2);
    expect(maxDiff(image.data, decoded.data)).toBeLessThan(16);
  });

  it('lower JPEG quality gives fewer bytes', async () => {
    const image = noise(32, 32, 3);
    expect((await encodeJpeg(image, 20)).length).toBeLessThan((await encodeJpeg(image, 95)).length);
    await expect(encodeJpeg(image, 0)).rejects.toThrow(/quality must be an integer from 1 to 100/);
  });

  it('applies the EXIF orientation, as cv2.imread does', async () => {
    const jpeg = await encodeJpeg(gradient(4, 2));
    // Orientation 6: the stored 4x2 picture is shown rotated a quarter turn, as 2x4.
    const tagged = await sharp(jpeg).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect((await sharp(tagged).metadata()).orientation).toBe(6);
    expect(await decodeImage(tagged)).toMatchObject({ width: 2, height: 4 });
  });

  it('lossless WebP round-trips exactly', async () => {
    const image = noise(8, 8, 3);
    const decoded = await decodeImage(await encodeWebp(image, 'lossless'));
    expect(Array.from(decoded.data)).toEqual(Array.from(image.data));
  });
});

describe('files', () => {
  it('writeImage picks the format from the extension and creates folders', async () => {
    const image = noise(4, 4, 3);
    const pngPath = join(dir, 'nested', 'a.png');
    const jpgPath = join(dir, 'b.JPG');
    await writeImage(pngPath, image);
    await writeImage(jpgPath, gradient(16, 16), { quality: 80 });
    expect((await readFile(pngPath)).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(Array.from((await readFile(jpgPath)).subarray(0, 2))).toEqual([0xff, 0xd8]);
    expect(Array.from((await decodeImage(pngPath)).data)).toEqual(Array.from(image.data));
  });

  it('writeImage refuses an unknown extension and lists the known ones', async () => {
    await expect(writeImage(join(dir, 'c.bmp'), noise(2, 2, 3))).rejects.toThrow(
      /cannot tell the image format of ".*c\.bmp".*\.png, \.jpg, \.jpeg, \.webp/,
    );
  });

  it('a corrupt file names the file and says it is not a readable image', async () => {
    const path = join(dir, 'garbage.png');
    await writeFile(path, Buffer.from('this is not an image at all, just some text bytes'));
    await expect(decodeImage(path)).rejects.toThrow(
      new RegExp(`"${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" is not a readable PNG/JPEG/WebP`),
    );
  });

  it('a truncated PNG is rejected too', async () => {
    const png = await encodePng(noise(32, 32, 3));
    const path = join(dir, 'truncated.png');
    await writeFile(path, png.subarray(0, 60));
    await expect(decodeImage(path)).rejects.toThrow(/truncated\.png" is not a readable/);
  });

  it('garbage bytes in memory are described as a buffer', async () => {
    await expect(decodeImage(new Uint8Array([1, 2, 3, 4]))).rejects.toThrow(
      /the given 4-byte buffer is not a readable PNG\/JPEG\/WebP/,
    );
  });

  it('a missing file says it cannot be read', async () => {
    await expect(decodeImage(join(dir, 'nope.png'))).rejects.toThrow(/cannot read image file ".*nope\.png"/);
  });

  it('encoding checks the image first', async () => {
    const bad = { data: new Uint8Array(5), width: 2, height: 2, channels: 3 as const };
    await expect(encodePng(bad)).rejects.toThrow(/5 bytes but 2x2x3 needs 12/);
  });
});
