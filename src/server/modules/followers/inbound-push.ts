import type { XmlObject } from '../../wechat/xml.ts';
import type { Push } from '../callbacks/push-xml.ts';
import type { InboundMessage } from '../messages/message-content.ts';
import type { MenuEvent, ReportLocation } from './followers.schemas.ts';

/**
 * The push for a follower message (spec §3): WeChat's element names and
 * order per MsgType. Coordinates and Scale go bare (Go clients parse them as
 * float64/int); Recognition appears only when the voice has it.
 */
export function messagePush(
  message: InboundMessage,
  createTime: number,
  msgId: string,
  picUrl: string | undefined,
): Push {
  let fields: XmlObject;
  let trailing: XmlObject | undefined;
  switch (message.msgtype) {
    case 'text':
      fields = { Content: message.text.content };
      // A menu-message tap: WeChat's lower-case element, after MsgId, bare
      // as in WeChat's sample when the id is a number (the ids WeChat passes back).
      if (message.text.bizmsgmenuid !== undefined) {
        const id = message.text.bizmsgmenuid;
        trailing = { bizmsgmenuid: /^(0|[1-9]\d{0,29})$/.test(id) ? BigInt(id) : id };
      }
      break;
    case 'image':
      fields = { PicUrl: picUrl ?? '', MediaId: message.image.media_id };
      break;
    case 'voice':
      fields = {
        MediaId: message.voice.media_id,
        Format: message.voice.format,
        Recognition: message.voice.recognition,
      };
      break;
    case 'video':
      fields = { MediaId: message.video.media_id, ThumbMediaId: message.video.thumb_media_id };
      break;
    case 'shortvideo':
      fields = { MediaId: message.shortvideo.media_id, ThumbMediaId: message.shortvideo.thumb_media_id };
      break;
    case 'location':
      fields = {
        Location_X: message.location.latitude,
        Location_Y: message.location.longitude,
        Scale: message.location.scale,
        Label: message.location.label,
      };
      break;
    case 'link':
      fields = { Title: message.link.title, Description: message.link.description, Url: message.link.url };
      break;
  }
  return { msgType: message.msgtype, createTime, msgId, fields, ...(trailing ? { trailing } : {}) };
}

/** The LOCATION event (§4.2). */
export function locationPush(location: ReportLocation, createTime: number): Push {
  return {
    msgType: 'event',
    event: 'LOCATION',
    createTime,
    fields: { Latitude: location.latitude, Longitude: location.longitude, Precision: location.precision },
  };
}

/**
 * The event of a menu button press (§4.3). Photo buttons carry one
 * PicMd5Sum per image, with Count equal to the number of items (wechatpy
 * decides between one item and a list by Count).
 */
export function menuPush(press: MenuEvent, createTime: number, picMd5Sums: string[] = []): Push {
  let fields: XmlObject;
  switch (press.event) {
    case 'CLICK':
      fields = { EventKey: press.key };
      break;
    case 'VIEW':
      fields = { EventKey: press.url, MenuId: press.menu_id };
      break;
    case 'view_miniprogram':
      fields = { EventKey: press.pagepath, MenuId: press.menu_id };
      break;
    case 'scancode_push':
    case 'scancode_waitmsg':
      fields = {
        EventKey: press.key,
        ScanCodeInfo: { ScanType: press.scan_type, ScanResult: press.scan_result },
      };
      break;
    case 'pic_sysphoto':
    case 'pic_photo_or_album':
    case 'pic_weixin':
      fields = {
        EventKey: press.key,
        SendPicsInfo: {
          Count: picMd5Sums.length,
          PicList: { item: picMd5Sums.map((sum) => ({ PicMd5Sum: sum })) },
        },
      };
      break;
    case 'location_select':
      fields = {
        EventKey: press.key,
        SendLocationInfo: {
          Location_X: press.location.latitude,
          Location_Y: press.location.longitude,
          Scale: press.location.scale,
          Label: press.location.label,
          Poiname: press.location.poiname,
        },
      };
      break;
  }
  return { msgType: 'event', event: press.event, createTime, fields };
}
