/**
 * The part of node-webot/wechat 2.1 (untyped, CommonJS, connect-style
 * middleware) the callback contract tests drive. Shapes read from
 * node_modules/wechat/lib/wechat.js and node_modules/wechat-crypto.
 */
declare module 'wechat' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  namespace wechat {
    /** The object form of the first argument; a bare string is the token (plaintext only). */
    interface Config {
      token: string;
      appid?: string;
      /** 43 characters; with it the middleware can decrypt (compatible/safe mode). */
      encodingAESKey?: string;
      /** Default true: verify `signature` on plaintext requests. */
      checkSignature?: boolean;
    }

    /**
     * A push as `formatMessage` flattens xml2js's output: every single element
     * becomes a trimmed string (numbers too), an element with children an
     * object, and a repeated element an array of objects.
     */
    interface Message {
      [element: string]: string | Message | Message[];
    }

    /** What the middleware reads and adds on the request. */
    interface Request extends IncomingMessage {
      /** Express/connect's parsed query; a bare node:http server must set it. */
      query: Record<string, string>;
      /** The parsed push, set before the handler runs. */
      weixin?: Message;
      /** The (decrypted) push XML. */
      weixin_xml?: string;
      /** When set (express-xml-bodyparser), read instead of the stream. */
      rawBody?: Buffer | string;
    }

    interface Article {
      title: string;
      description: string;
      /** Also read as `picUrl` or `pic`. */
      picurl?: string;
      url: string;
    }

    interface Music {
      title?: string;
      description?: string;
      musicUrl?: string;
      hqMusicUrl?: string;
      /** Omitted from the XML when absent. */
      thumbMediaId?: string;
    }

    /**
     * What `res.reply` accepts: '' for no reply (an empty body), a string for
     * text, an array for news (every article given), `{type, content}` for a
     * type, and any other object for music.
     */
    type ReplyContent =
      | string
      | Article[]
      | { type: 'image' | 'voice'; content: { mediaId: string } }
      | { type: 'video'; content: { mediaId: string; title?: string; description?: string } }
      | { type: 'music'; content: Music }
      | { type: 'transfer_customer_service'; content?: { kfAccount?: string } }
      | Music;

    interface Response extends ServerResponse {
      /** Writes 200 (no Content-Type) and the reply, encrypted when the query has `encrypt_type`. */
      reply(content: ReplyContent): void;
      /** transfer_customer_service, with TransInfo.KfAccount when given. */
      transfer2CustomerService(kfAccount?: string): void;
    }

    type Next = (err?: unknown) => void;
    /** The old single-function API: `wechat(config, (req, res, next) => …)`. */
    type Handle = (req: Request, res: Response, next: Next) => void;
    type Middleware = (
      req: IncomingMessage & { query: Record<string, string> },
      res: ServerResponse,
      next: Next,
    ) => void;
  }

  /** Builds the middleware: verifies, decrypts, parses, then calls `handle` with `req.weixin` set. */
  function wechat(config: string | wechat.Config, handle: wechat.Handle): wechat.Middleware;

  export = wechat;
}
