import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { checkMediaContent } from './check-media-content.ts';
import { MEDIA_SIZE_LIMITS } from './media.schemas.ts';
import {
  sampleAmr,
  sampleBmp,
  sampleGif,
  sampleJpeg,
  sampleMp3,
  sampleMp4,
  samplePng,
  sampleSpeex,
} from './media.test-helpers.ts';

/** The catalog code checkMediaContent threw, or 'accepted'. */
async function outcome(
  type: Parameters<typeof checkMediaContent>[0],
  bytes: Buffer,
  limit?: number,
): Promise<string> {
  try {
    await checkMediaContent(type, bytes, limit);
    return 'accepted';
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

describe('checkMediaContent', () => {
  it('decodes JPEG, PNG, GIF and BMP images and reports their size', async () => {
    expect(await checkMediaContent('image', await sampleJpeg(32, 24))).toEqual({
      contentType: 'image/jpeg',
      ext: 'jpg',
      width: 32,
      height: 24,
    });
    expect(await checkMediaContent('image', await samplePng(40, 30))).toMatchObject({
      contentType: 'image/png',
      width: 40,
      height: 30,
    });
    expect(await checkMediaContent('image', await sampleGif(10, 12))).toMatchObject({
      contentType: 'image/gif',
      width: 10,
      height: 12,
    });
    expect(await checkMediaContent('image', sampleBmp(3, 2))).toMatchObject({
      contentType: 'image/bmp',
      width: 3,
      height: 2,
    });
  });

  it('refuses data that only looks like an image', async () => {
    const png = await samplePng();
    expect(await outcome('image', Buffer.from('just some text, named photo.png'))).toBe('MEDIA_INVALID');
    // Valid header, pixel data cut short: metadata alone would pass it.
    expect(await outcome('image', png.subarray(0, png.length - 20))).toBe('MEDIA_INVALID');
    const jpeg = await sampleJpeg(64, 64, true);
    expect(await outcome('image', jpeg.subarray(0, jpeg.length >> 1))).toBe('MEDIA_INVALID');
    // Formats sharp reads but WeChat does not take (and SVG could carry script).
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>');
    expect(await outcome('image', svg)).toBe('MEDIA_INVALID');
    const bmp = sampleBmp(8, 8);
    expect(await outcome('image', bmp.subarray(0, 60))).toBe('MEDIA_INVALID');
    expect(await outcome('image', Buffer.alloc(0))).toBe('MEDIA_EMPTY');
  });

  it('takes only JPEG thumbs of at most 64 KB', async () => {
    expect(await outcome('thumb', await sampleJpeg())).toBe('accepted');
    expect(await outcome('thumb', await samplePng())).toBe('MEDIA_INVALID');
    const big = await sampleJpeg(400, 400, true);
    expect(big.length).toBeGreaterThan(MEDIA_SIZE_LIMITS.thumb);
    expect(await outcome('thumb', big)).toBe('THUMB_SIZE_INVALID');
    expect(await outcome('image', big)).toBe('accepted');
  });

  it('recognises AMR, MP3 and Speex voice by structure', async () => {
    expect(await checkMediaContent('voice', sampleAmr())).toEqual({
      contentType: 'audio/amr',
      ext: 'amr',
      width: null,
      height: null,
    });
    expect((await checkMediaContent('voice', sampleMp3())).contentType).toBe('audio/mpeg');
    const bare = sampleMp3().subarray(14); // without the ID3 tag: frame sync first
    expect((await checkMediaContent('voice', bare)).contentType).toBe('audio/mpeg');
    expect((await checkMediaContent('voice', sampleSpeex())).contentType).toBe('audio/ogg');

    const amr = sampleAmr(3);
    expect(await outcome('voice', amr.subarray(0, amr.length - 1))).toBe('MEDIA_INVALID');
    expect(await outcome('voice', Buffer.from('#!AMR\n'))).toBe('MEDIA_INVALID');
    const mp3 = sampleMp3();
    expect(await outcome('voice', Buffer.concat([mp3.subarray(0, 14 + 417), Buffer.alloc(40, 7)]))).toBe(
      'MEDIA_INVALID',
    );
    expect(await outcome('voice', await samplePng())).toBe('MEDIA_INVALID');
    expect(await outcome('voice', sampleMp4())).toBe('MEDIA_INVALID');
  });

  it('recognises MP4 video by its box structure', async () => {
    expect(await checkMediaContent('video', sampleMp4())).toEqual({
      contentType: 'video/mp4',
      ext: 'mp4',
      width: null,
      height: null,
    });
    const mp4 = sampleMp4();
    expect(await outcome('video', mp4.subarray(0, mp4.length - 10))).toBe('MEDIA_INVALID');
    // ftyp alone, no movie header.
    expect(await outcome('video', mp4.subarray(0, 28))).toBe('MEDIA_INVALID');
    expect(await outcome('video', sampleAmr())).toBe('MEDIA_INVALID');
  });

  it('applies the per-type size limits before looking at the content, with WeChat\u2019s per-type errcodes', async () => {
    const voice = Buffer.concat([sampleAmr(), Buffer.alloc(MEDIA_SIZE_LIMITS.voice)]);
    expect(await outcome('voice', voice)).toBe('VOICE_SIZE_INVALID');
    expect(await outcome('video', Buffer.alloc(MEDIA_SIZE_LIMITS.video + 1))).toBe('VIDEO_SIZE_INVALID');
    expect(await outcome('image', Buffer.alloc(MEDIA_SIZE_LIMITS.image + 1))).toBe('IMAGE_SIZE_INVALID');
    // A caller's smaller limit (uploadimg's 1 MB) applies instead.
    expect(await outcome('image', await samplePng(), 10)).toBe('IMAGE_SIZE_INVALID');
  });

  it('refuses voice longer than 60 seconds, measured from the frames', async () => {
    // AMR frames are 20 ms each: 3000 frames play exactly 60 s, one more is too long.
    expect(await outcome('voice', sampleAmr(3000))).toBe('accepted');
    expect(await outcome('voice', sampleAmr(3001))).toBe('VOICE_TOO_LONG');
    // MP3 at 128 kbit/s, 44.1 kHz: 1152 samples a frame, about 26.1 ms each.
    expect(await outcome('voice', sampleMp3(2290))).toBe('accepted');
    expect(await outcome('voice', sampleMp3(2300))).toBe('VOICE_TOO_LONG');
  });
});
