import { JS_API_NAMES } from './js-api-names.ts';

/**
 * The JS-SDK script pages load instead of res.wx.qq.com's: the global `wx`
 * with config/ready/error/checkJsApi and every API name. `wx.config` is
 * verified by the platform (POST <script origin>/jssdk/config-check, text
 * body so no CORS preflight); APIs call success/fail/complete/cancel. Device
 * actions go to `window.__gzBridge.invoke(name, args)` (a Promise of
 * `{errMsg, ...}`) when the follower client provides one. A page framed by
 * the follower client on another origin (a developer's H5 page inside
 * /app's page view) reaches it by postMessage instead: the parent answers a
 * `gz-bridge-ping` with `gz-bridge-hello`, then each call is a `gz-bridge`
 * message answered by `gz-bridge-result`. Without either, device actions
 * fail with "<name>:fail, no follower client". Share data
 * (updateAppMessageShareData, onMenuShare…) goes to the client too, which
 * shares the page from its menu; with `debug: true` the config-check verdict
 * goes to the client's debug panel as `__configResult` (an alert without a
 * client). No dependencies, ES5.
 */
export function renderJssdkScript(): string {
  return `/* Gongzhong JS-SDK (wx) */
(function (global) {
  'use strict';
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src).origin : '';
  var API_NAMES = ${JSON.stringify(JS_API_NAMES)};
  var LOCAL = { updateAppMessageShareData: 1, updateTimelineShareData: 1, onMenuShareTimeline: 1,
    onMenuShareAppMessage: 1, onMenuShareQQ: 1, onMenuShareWeibo: 1, onMenuShareQZone: 1 };
  var state = 'idle', readyQueue = [], errorQueue = [], lastError = null, config = null;
  function call(fn, arg) { if (typeof fn === 'function') { try { fn(arg); } catch (e) { setTimeout(function () { throw e; }); } } }
  function finish(name, opts, res) {
    opts = opts || {};
    var msg = String(res && res.errMsg || name + ':ok');
    if (/:ok$/.test(msg)) call(opts.success, res);
    else if (/:cancel$/.test(msg)) call(opts.cancel, res);
    else call(opts.fail, res);
    call(opts.complete, res);
  }
  function listed(name) { return !!config && (config.jsApiList || []).indexOf(name) !== -1; }
  function invoke(name, opts) {
    if (state !== 'ok') return finish(name, opts, { errMsg: name + ':fail, wx.config is not ready (' + state + ')' });
    if (!listed(name)) return finish(name, opts, { errMsg: name + ':fail, the permission value is offline verifying' });
    var args = {};
    for (var k in opts || {}) if (typeof opts[k] !== 'function') args[k] = opts[k];
    if (LOCAL[name]) wx.__shareData[name] = opts || {};
    findBridge(function (bridge) {
      // Share data only configures the client's menu: without a client there is nothing to tell.
      if (!bridge && LOCAL[name]) return finish(name, opts, { errMsg: name + ':ok' });
      if (!bridge) return finish(name, opts, { errMsg: name + ':fail, no follower client' });
      Promise.resolve(bridge.invoke(name, args)).then(function (res) { finish(name, opts, res); },
        function (err) { finish(name, opts, { errMsg: name + ':fail, ' + (err && err.message || err) }); });
    });
  }
  // The follower client as a parent frame on another origin, found by a ping it answers.
  var framed = global.parent && global.parent !== global, parentState = framed ? 'unknown' : 'none';
  var parentWaiters = [], pending = {}, seq = 0;
  var parentBridge = { invoke: function (name, args) {
    return new Promise(function (resolve) {
      var id = 'gzb' + (++seq);
      pending[id] = resolve;
      global.parent.postMessage({ type: 'gz-bridge', id: id, name: name, args: args }, '*');
    });
  } };
  global.addEventListener('message', function (e) {
    var d = e.data;
    if (!framed || e.source !== global.parent || !d) return;
    if (d.type === 'gz-bridge-hello' && parentState !== 'ok') {
      parentState = 'ok';
      parentWaiters.splice(0).forEach(function (fn) { fn(parentBridge); });
    } else if (d.type === 'gz-bridge-result' && pending[d.id]) {
      var resolve = pending[d.id];
      delete pending[d.id];
      resolve(d.res);
    }
  });
  if (framed) global.parent.postMessage({ type: 'gz-bridge-ping' }, '*');
  function findBridge(fn) {
    var own = global.__gzBridge;
    if (own && typeof own.invoke === 'function') return fn(own);
    if (parentState === 'ok') return fn(parentBridge);
    if (parentState === 'none') return fn(null);
    parentWaiters.push(fn);
    global.parent.postMessage({ type: 'gz-bridge-ping' }, '*');
    // A parent that is not the follower client never answers.
    setTimeout(function () {
      if (parentState === 'ok') return;
      parentState = 'none';
      parentWaiters.splice(0).forEach(function (w) { w(null); });
    }, 1000);
  }
  var wx = {
    __shareData: {},
    __lastConfigCheck: null,
    config: function (cfg) {
      config = cfg || {};
      state = 'checking';
      var body = JSON.stringify({ url: location.href, appId: config.appId, timestamp: config.timestamp,
        nonceStr: config.nonceStr, signature: config.signature, jsApiList: config.jsApiList || [],
        openTagList: config.openTagList || [], debug: !!config.debug });
      fetch(origin + '/jssdk/config-check', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: body })
        .then(function (r) { return r.json(); })
        .then(function (res) {
          wx.__lastConfigCheck = res;
          if (config.debug) debugReport(res);
          if (res.ok) { state = 'ok'; readyQueue.splice(0).forEach(function (fn) { call(fn); }); }
          else { fail({ errMsg: res.errMsg || 'config:fail' }, res); }
        }, function (err) { fail({ errMsg: 'config:fail, ' + (err && err.message || err) }, null); });
    },
    ready: function (fn) { if (state === 'ok') call(fn); else readyQueue.push(fn); },
    error: function (fn) { if (lastError) call(fn, lastError); else errorQueue.push(fn); },
    checkJsApi: function (opts) {
      var result = {};
      ((opts && opts.jsApiList) || []).forEach(function (n) { result[n] = API_NAMES.indexOf(n) !== -1; });
      finish('checkJsApi', opts, { errMsg: 'checkJsApi:ok', checkResult: result });
    }
  };
  // debug: true shows the config outcome: in the follower client's debug panel (the
  // whole verdict, explainer included), else as WeChat does, an alert.
  function debugReport(verdict) {
    findBridge(function (bridge) {
      if (bridge) return bridge.invoke('__configResult', { url: location.href, verdict: verdict });
      if (typeof global.alert === 'function') global.alert(JSON.stringify({ errMsg: verdict.errMsg }));
    });
  }
  function fail(err, detail) {
    state = 'failed'; lastError = err;
    if (config && config.debug) {
      if (global.console) console.error('[wx.config]', err.errMsg, detail);
      if (!detail) debugReport({ ok: false, errMsg: err.errMsg });
    }
    errorQueue.splice(0).forEach(function (fn) { call(fn, err); });
  }
  API_NAMES.forEach(function (name) { wx[name] = function (opts) { invoke(name, opts); }; });
  global.wx = global.jWeixin = wx;
})(window);
`;
}
