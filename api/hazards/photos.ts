import sharp from 'sharp';
import { ApiError } from '../lib/api-error';

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTOS_PER_UPLOAD = 10;
/** Long side of a stored photo, and of its thumbnail, in pixels. */
const MAX_SIDE = 4096;
const THUMB_SIDE = 320;

const FORMATS = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
type Format = keyof typeof FORMATS;

export interface Photo {
  filename: string;
  contentType: (typeof FORMATS)[Format];
  width: number;
  height: number;
  data: Buffer;
  thumb: Buffer;
}

/**
 * An uploaded file as a stored photo: JPEG, PNG or WebP by its content (not its name), turned
 * upright by its EXIF orientation, at most 4096 px on the long side, without metadata, plus a
 * 320 px JPEG thumbnail. Anything else is a 400 (413 when too big) that names the file.
 */
export async function preparePhoto(file: File): Promise<Photo> {
  const filename = file.name.slice(0, 200) || 'photo';
  if (file.size > MAX_PHOTO_BYTES) {
    throw new ApiError('payload_too_large', `${filename} is ${(file.size / 1048576).toFixed(1)} MB; a photo may be at most ${MAX_PHOTO_BYTES / 1048576} MB.`, [
      { field: 'file', reason: `too large: ${filename}` },
    ]);
  }
  const input = Buffer.from(await file.arrayBuffer());
  let format: string | undefined;
  try {
    format = (await sharp(input).metadata()).format;
  } catch {
    format = undefined;
  }
  if (!format || !(format in FORMATS)) {
    throw new ApiError('bad_request', `${filename} is not a JPEG, PNG or WebP image${format ? ` (it is ${format})` : ''}.`, [
      { field: 'file', reason: `not a photo: ${filename}` },
    ]);
  }
  const f = format as Format;
  const upright = sharp(input).rotate().resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true });
  const encoded = f === 'jpeg' ? upright.jpeg({ quality: 85 }) : f === 'png' ? upright.png() : upright.webp({ quality: 85 });
  try {
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumb = await sharp(data).resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer();
    return { filename, contentType: FORMATS[f], width: info.width, height: info.height, data, thumb };
  } catch {
    // A header that reads as an image over data that does not (a photo cut short on a weak signal).
    throw new ApiError('bad_request', `${filename} cannot be read as a ${f.toUpperCase()} image: it is damaged or incomplete; take or send it again.`, [
      { field: 'file', reason: `damaged: ${filename}` },
    ]);
  }
}
