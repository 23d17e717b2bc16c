// An open conversation: new messages arrive over a WebSocket (salon/network/consumers.py),
// rendered by the server for this viewer; what this page sends is added once, whichever
// arrives first (the answer to the form or the socket). No inline scripts (CSP).
(function () {
  "use strict";

  var RETRY_MIN = 2000;
  var RETRY_MAX = 60000;

  function start() {
    var list = document.getElementById("messages");
    if (!list) return;
    var live = document.querySelector("[data-messages-live]");
    var form = document.querySelector("[data-message-form]");

    function lastId() {
      var items = list.querySelectorAll("[data-message-id]");
      return items.length ? parseInt(items[items.length - 1].dataset.messageId, 10) || 0 : 0;
    }

    function add(html, announce) {
      var holder = document.createElement("template");
      holder.innerHTML = html.trim();
      var item = holder.content.firstElementChild;
      if (!item || document.getElementById(item.id)) return;
      var empty = list.querySelector("[data-empty]");
      if (empty) empty.remove();
      list.appendChild(item);
      item.scrollIntoView({ block: "nearest" });
      if (live && announce) live.textContent = announce;
    }

    if (form) {
      form.addEventListener("htmx:afterRequest", function (event) {
        var xhr = event.detail.xhr;
        if (event.detail.successful) {
          add(xhr.responseText, "");
          form.reset();
          var box = form.querySelector("textarea");
          if (box) box.focus();
        } else if (live) {
          live.textContent = xhr.responseText || "";
        }
      });
      // Enter sends, Shift+Enter starts a new line.
      var box = form.querySelector("textarea");
      if (box) {
        box.addEventListener("keydown", function (event) {
          if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            if (box.value.trim()) form.requestSubmit();
          }
        });
      }
    }

    if (!list.dataset.socket || !window.WebSocket) return;
    var retry = RETRY_MIN;

    function connect() {
      var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
      var port = document.documentElement.dataset.socketPort;
      var host = port ? window.location.hostname + ":" + port : window.location.host;
      var socket;
      try {
        socket = new WebSocket(scheme + host + list.dataset.socket);
      } catch (e) {
        return;
      }
      socket.addEventListener("open", function () {
        retry = RETRY_MIN;
        list.dataset.socketOpen = "1";
        socket.send(JSON.stringify({ after: lastId() }));
      });
      socket.addEventListener("message", function (event) {
        try {
          var data = JSON.parse(event.data);
          if (data.html) add(data.html, data.announce);
        } catch (e) { /* not for us */ }
      });
      socket.addEventListener("close", function (event) {
        delete list.dataset.socketOpen;
        if (event.code === 1000 || event.code === 4403) return;
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
