import { api } from './api.ts';

/** What a JS-SDK call answers: WeChat's `{errMsg: "<name>:ok" | ":fail, …" | ":cancel", …}`. */
export type BridgeResult = { errMsg: string } & Record<string, unknown>;

/** The inputs only the person holding the phone can give; the page view shows a sheet for each. */
export interface BridgeHost {
  userId: string;
  /** The account whose page this is (uploadImage stores into it), when the page was opened from one. */
  appid: string | null;
  ask(kind: 'chooseImage' | 'scanQRCode'): Promise<string[] | string | null>;
  /** The follower's answer to "this page wants your location" (asked once per page view). */
  allowLocation(): Promise<boolean>;
  /** What the page's share APIs set: the menu's "send to a friend" shares this. */
  setShare(kind: 'friend' | 'moments', data: ShareData): void;
  /** A `wx.config` outcome of a `debug: true` page, for the debug panel. */
  showConfig(result: ConfigResult): void;
  close(): void;
}

/** A page's share settings (updateAppMessageShareData and friends). */
export interface ShareData {
  title?: string;
  desc?: string;
  link?: string;
  imgUrl?: string;
}

/** The config-check verdict as the wx script received it (sandbox: the full explainer). */
export interface ConfigResult {
  /** The page's location.href when it called wx.config. */
  url: string;
  verdict: {
    ok: boolean;
    errMsg: string;
    url?: { given: string; signed: string; fragment_removed: string | null };
    signed_string?: string;
    expected_signature?: string;
    given_signature?: string;
    differences?: string[];
  };
}

const SHARE_KINDS: Record<string, 'friend' | 'moments'> = {
  updateAppMessageShareData: 'friend',
  onMenuShareAppMessage: 'friend',
  updateTimelineShareData: 'moments',
  onMenuShareTimeline: 'moments',
};

/** Device location the client reports (the same default the location sheet offers). */
export const HERE = { latitude: 39.9087, longitude: 116.3975, speed: 0, accuracy: 30 };

// APIs that only change the client's own chrome: nothing to do here but say ok.
const CHROME_ONLY = new Set([
  'hideOptionMenu',
  'showOptionMenu',
  'hideMenuItems',
  'showMenuItems',
  'hideAllNonBaseMenuItem',
  'showAllNonBaseMenuItem',
  'openLocation',
  'previewImage',
]);

/**
 * `window.__gzBridge` for pages in the page view: the JS-SDK script
 * (/jssdk/wx.js) hands device actions to it after wx.config passed, and it
 * acts on this client: the location, a photo, a scan, closing the page.
 */
export function createBridge(host: BridgeHost) {
  const localFiles = new Map<string, File>();
  const ok = (name: string, extra: Record<string, unknown> = {}): BridgeResult => ({
    errMsg: `${name}:ok`,
    ...extra,
  });
  return {
    async invoke(name: string, args: Record<string, unknown>): Promise<BridgeResult> {
      if (CHROME_ONLY.has(name)) return ok(name);
      const shareKind = SHARE_KINDS[name];
      if (shareKind) {
        host.setShare(shareKind, args);
        return ok(name);
      }
      switch (name) {
        case '__configResult':
          host.showConfig(args as unknown as ConfigResult);
          return ok(name);
        case 'getNetworkType':
          return ok(name, { networkType: 'wifi' });
        case 'getLocation':
          // WeChat's words when the follower refuses (the same on the developer tools).
          if (!(await host.allowLocation())) return { errMsg: `${name}:fail auth deny` };
          return ok(name, HERE);
        case 'closeWindow':
          host.close();
          return ok(name);
        case 'scanQRCode': {
          const result = await host.ask('scanQRCode');
          if (typeof result !== 'string') return { errMsg: `${name}:cancel` };
          return ok(name, { resultStr: result });
        }
        case 'chooseImage': {
          const files = await host.ask('chooseImage');
          if (!Array.isArray(files)) return { errMsg: `${name}:cancel` };
          return ok(name, { localIds: files });
        }
        case 'uploadImage': {
          const file = localFiles.get(String(args.localId));
          if (!file) return { errMsg: `${name}:fail, unknown localId` };
          if (!host.appid) return { errMsg: `${name}:fail, this page was not opened from an account` };
          const media = await api.upload(host.userId, host.appid, 'image', file);
          return ok(name, { serverId: media.media_id });
        }
        default:
          return { errMsg: `${name}:fail, not supported by the follower client` };
      }
    },
    /** Gives a picked file a localId (`wxLocalResource://…`, as WeChat's look) the page can upload later. */
    remember(file: File): string {
      const id = `wxLocalResource://${crypto.randomUUID()}`;
      localFiles.set(id, file);
      return id;
    },
  };
}

export type Bridge = ReturnType<typeof createBridge>;

declare global {
  interface Window {
    /** Read by the JS-SDK script (/jssdk/wx.js) in same-origin pages. */
    __gzBridge?: Bridge;
  }
}
