// Search from file:// pages. Material's search runs in a Web Worker, and browsers refuse
// `new Worker(url)` for a page opened from disk. On file:// this file replaces `Worker` with one
// that runs the worker script in a hidden, same-origin iframe and passes messages both ways.
// Over http it does nothing: the real Worker is used.
//
// Its path must contain "iframe-worker": Material's offline plugin then does not add a shim from
// a CDN, and Material's search worker looks for `parent.IFrameWorker` to find its stemmers.
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function IFrameWorker(url) {
    var target = document.createElement("span"); // an EventTarget for "message" and "error"
    var self = this;
    var queue = [];
    var ready = false;
    var frame = document.createElement("iframe");
    this.onmessage = null;
    this.onerror = null;
    this._target = target;
    this._frame = frame;

    frame.hidden = true;
    frame.tabIndex = -1;
    frame.setAttribute("aria-hidden", "true");
    frame.setAttribute("title", "search worker");
    document.body.appendChild(frame);
    var inner = frame.contentWindow;
    this._inner = inner;

    function emit(type, init) {
      var event = type === "message" ? new MessageEvent("message", init) : new ErrorEvent("error", init);
      var handler = type === "message" ? self.onmessage : self.onerror;
      if (typeof handler === "function") handler.call(self, event);
      target.dispatchEvent(event);
    }

    // Inside the frame, the worker's `postMessage` answers this object, like a worker's does.
    // Data is copied (structured clone), as between a page and a real worker.
    inner.postMessage = function (data) {
      var copy = structuredClone(data);
      setTimeout(function () { emit("message", { data: copy }); }, 0);
    };
    // `importScripts` in a worker is synchronous; here it returns a promise, which Material's
    // search worker awaits.
    inner.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (previous, src) {
        return previous.then(function () { return load(src); });
      }, Promise.resolve());
    };
    function load(src) {
      return new Promise(function (resolve, reject) {
        var script = inner.document.createElement("script");
        script.src = new URL(src, document.baseURI).href;
        script.onload = function () { resolve(); };
        script.onerror = function () { reject(new Error("cannot load " + src)); };
        inner.document.body.appendChild(script);
      });
    }

    // The worker script is the frame's first script with a src: Material's search worker reads
    // its address to find the stemmers beside it.
    load(url).then(
      function () {
        ready = true;
        queue.splice(0).forEach(function (data) { self._deliver(data); });
      },
      function (error) { emit("error", { message: error.message, error: error }); }
    );
    this._queue = queue;
    this._ready = function () { return ready; };
  }

  IFrameWorker.prototype._deliver = function (data) {
    var inner = this._inner;
    var copy = inner.structuredClone(data); // objects of the frame's own realm
    inner.dispatchEvent(new inner.MessageEvent("message", { data: copy }));
  };

  // Messages sent before the worker script has loaded wait for it, as a real worker's do.
  IFrameWorker.prototype.postMessage = function (data) {
    if (this._ready()) this._deliver(data);
    else this._queue.push(data);
  };

  IFrameWorker.prototype.terminate = function () {
    if (this._frame.parentNode) this._frame.parentNode.removeChild(this._frame);
  };

  IFrameWorker.prototype.addEventListener = function (type, listener, options) {
    this._target.addEventListener(type, listener, options);
  };

  IFrameWorker.prototype.removeEventListener = function (type, listener, options) {
    this._target.removeEventListener(type, listener, options);
  };

  IFrameWorker.prototype.dispatchEvent = function (event) {
    return this._target.dispatchEvent(event);
  };

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
