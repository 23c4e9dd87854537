import type { FastifyReply } from 'fastify';
import type { MediaTable } from '../../db/schema.ts';
import { downloadFilename } from './media.presenter.ts';

/**
 * Sends a media file as WeChat's downloads do (Appendix A.4): the stored
 * Content-Type and `Content-disposition: attachment; filename="<id>.<ext>"`,
 * which WxJava requires. Awaiting the reply waits until it is sent, so the
 * Open API wrapper sees `reply.sent` and adds no JSON body of its own.
 */
export async function sendMediaDownload(
  reply: FastifyReply,
  row: Pick<MediaTable, 'media_id' | 'content_type'>,
  bytes: Buffer,
): Promise<void> {
  await reply
    .type(row.content_type)
    .header('content-disposition', `attachment; filename="${downloadFilename(row)}"`)
    .send(bytes);
}

/**
 * JSON with Content-Type exactly `application/json`: wechat-api's getMedia
 * and getMaterial only parse a body as JSON on that exact value (Appendix
 * A.4). A Buffer payload keeps Fastify from appending `; charset=utf-8`.
 */
export async function sendExactJson(reply: FastifyReply, body: object): Promise<void> {
  await reply.type('application/json').send(Buffer.from(JSON.stringify(body)));
}
