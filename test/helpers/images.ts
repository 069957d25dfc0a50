import sharp from 'sharp';

/** How many distinct RGB colours an image has (a blank picture has one or two). */
export async function distinctColours(image: Buffer | string): Promise<number> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const set = new Set<number>();
  for (let i = 0; i < data.length; i += info.channels) set.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
  return set.size;
}
