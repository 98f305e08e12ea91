import sharp from 'sharp';

/** Width the OCR sees: 10-pt text on A4 stays legible, and a page takes about a second (2000 px lost table digits in trials). */
const OCR_WIDTH = 1600;

export interface ImageSize {
  width: number;
  height: number;
}

/** The image's size from its header, without decoding it; undefined when sharp cannot read it. */
export async function imageSize(bytes: Uint8Array): Promise<ImageSize | undefined> {
  try {
    const { width, height, autoOrient } = await sharp(bytes, { limitInputPixels: false }).metadata();
    const size = autoOrient ?? { width, height };
    return size.width && size.height ? { width: size.width, height: size.height } : undefined;
  } catch {
    return undefined;
  }
}

interface Raw {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}

/** A page ready for tesseract, with its size (OCR line positions are fractions of it). */
export interface OcrImage {
  png: Buffer;
  width: number;
  height: number;
}

/**
 * A page made easy for tesseract: upright (EXIF), on white, grayscale, scaled to OCR_WIDTH, contrast
 * stretched (phone photos are grey on grey), lightly sharpened. No hard threshold of our own: one global
 * cut turns the shadow across a phone photo into ink, and on the generated corpus it changed nothing
 * (49/49 fields either way); tesseract binarises itself.
 */
export async function prepareForOcr(input: Uint8Array | Raw, maxPixels: number): Promise<OcrImage> {
  const image =
    input instanceof Uint8Array
      ? sharp(input, { limitInputPixels: maxPixels }).autoOrient()
      : sharp(input.data, { raw: { width: input.width, height: input.height, channels: input.channels }, limitInputPixels: maxPixels });
  const { data, info } = await image
    // Transparent parts (a PNG or a PDF image with a soft mask) are paper, not ink.
    .flatten({ background: '#ffffff' })
    .grayscale()
    // Both bounds: a long strip is scaled down to fit, never up to a height tesseract would choke on.
    .resize({ width: OCR_WIDTH, height: OCR_WIDTH * 3, fit: 'inside' })
    .normalise()
    .sharpen()
    .png({ compressionLevel: 1 })
    .toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height };
}
