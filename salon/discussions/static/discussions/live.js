// A live topic page: new replies appear at the end, edited, deleted or hidden posts change
// in place, over a WebSocket (salon/discussions/consumers.py). The server renders each post
// for this viewer, so its buttons are the ones a reload would show.
// Each message: {"event": "created" | "changed", "number", "page", "html", "announce"}.
// No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  var RETRY_MIN = 1000;
  var RETRY_MAX = 60000;
  // Closed on purpose (1000) or because this viewer may no longer see the topic (4403).
  var FINAL = { 1000: true, 4403: true };

  function start() {
    var thread = document.querySelector("[data-live-topic]");
    // No data-socket: the page came from a server without WebSockets.
    if (!thread || !thread.dataset.socket || !window.WebSocket || thread.dataset.liveState) return;
    var page = parseInt(thread.dataset.page, 10) || 1;
    var last = parseInt(thread.dataset.last, 10) || 0;
    var status = document.querySelector("[data-live-status]");
    var notice = document.querySelector("[data-live-notice]");
    var retry = RETRY_MIN;
    thread.dataset.liveState = "connecting";

    function announce(text) {
      if (!status || !text) return;
      // Emptied first, so the same sentence twice is read twice.
      status.textContent = "";
      setTimeout(function () { status.textContent = text; }, 50);
    }

    function toNode(html) {
      var template = document.createElement("template");
      template.innerHTML = html.trim();
      return template.content.firstElementChild;
    }

    function activate(node) {
      // The reactions form posts with htmx: let it see the new markup.
      if (window.htmx) window.htmx.process(node);
    }

    function place(message) {
      var node = toNode(message.html || "");
      if (!node) return;
      var existing = document.getElementById("post-" + message.number);
      if (existing) {
        existing.replaceWith(node);
        activate(node);
        return;
      }
      if (message.event !== "created") return;
      last = Math.max(last, message.number);
      if (message.page === page) {
        thread.appendChild(node);
        activate(node);
      } else if (notice) {
        // It belongs on another page: say so, with a link, rather than move the reader.
        var link = notice.querySelector("[data-live-link]");
        link.textContent = message.announce;
        link.href = "?page=" + message.page + "#post-" + message.number;
        notice.hidden = false;
      }
      announce(message.announce);
    }

    function connect() {
      var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
      var socket;
      try {
        // Sockets may be served on their own port (run_salon): the page names it.
        var port = document.documentElement.dataset.socketPort;
        var host = port ? window.location.hostname + ":" + port : window.location.host;
        socket = new WebSocket(scheme + host + thread.dataset.socket);
      } catch (e) {
        return;
      }
      socket.addEventListener("open", function () {
        retry = RETRY_MIN;
        thread.dataset.liveState = "open";
        // Whatever was posted since the page was made (or while we were away) comes first.
        socket.send(JSON.stringify({ after: last }));
      });
      socket.addEventListener("message", function (event) {
        var message;
        try { message = JSON.parse(event.data); } catch (e) { return; }
        place(message);
      });
      socket.addEventListener("close", function (event) {
        thread.dataset.liveState = "closed";
        if (FINAL[event.code]) return;
        setTimeout(connect, retry);
        retry = Math.min(retry * 2, RETRY_MAX);
      });
    }

    connect();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
