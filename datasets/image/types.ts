export type ImageFormat = 'png' | 'jpeg' | 'webp';

export interface ImageInfo {
  format: ImageFormat;
  width: number;
  height: number;
}

/** Refuse images larger than this many pixels (a decode bomb would otherwise eat the validator's memory). */
export const MAX_PIXELS = 40_000_000;
