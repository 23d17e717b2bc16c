// The bell: keeps the unread count live over a WebSocket (salon/notifications/consumers.py).
// The server sends {"unread": n, "label": "Notifications, n unread"} on connect and on
// every change. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  var RETRY_MIN = 2000;
  var RETRY_MAX = 60000;
  // The server pushes only to members it knows are online; tell it every 5 minutes.
  var PING_EVERY = 5 * 60 * 1000;

  function start() {
    var bell = document.querySelector("[data-bell]");
    // No data-socket: the page came from a server without WebSockets (see _bell.html).
    if (!bell || !bell.dataset.socket || !window.WebSocket || bell.dataset.live) return;
    bell.dataset.live = "1";
    var badge = bell.querySelector("[data-bell-count]");
    var live = document.querySelector("[data-bell-live]");
    var current = badge ? parseInt(badge.textContent, 10) || 0 : 0;
    var retry = RETRY_MIN;

    function show(message) {
      var unread = Math.max(0, parseInt(message.unread, 10) || 0);
      if (message.label) bell.setAttribute("aria-label", message.label);
      if (badge) {
        badge.textContent = String(unread);
        badge.hidden = unread === 0;
      }
      // Announce only news, not the count every page already shows on load.
      if (live && unread > current && message.label) live.textContent = message.label;
      current = unread;
    }

    function connect() {
      var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
      var socket;
      try {
        // Sockets may be served on their own port (run_salon): the page names it.
        var port = document.documentElement.dataset.socketPort;
        var host = port ? window.location.hostname + ":" + port : window.location.host;
        socket = new WebSocket(scheme + host + bell.dataset.socket);
      } catch (e) {
        return;
      }
      var ping = null;
      socket.addEventListener("open", function () {
        retry = RETRY_MIN;
        ping = setInterval(function () { socket.send("{\"ping\": true}"); }, PING_EVERY);
      });
      socket.addEventListener("message", function (event) {
        try {
          var data = JSON.parse(event.data);
          // Direct messages changed (salon/network/live.py): the header's link refreshes.
          if (data.messages) {
            document.body.dispatchEvent(new CustomEvent("salon:messages"));
            return;
          }
          show(data);
        } catch (e) { /* not for us */ }
      });
      socket.addEventListener("close", function (event) {
        if (ping) clearInterval(ping);
        // 1000: closed on purpose; a refused handshake (signed out) closes before opening.
        if (event.code === 1000) return;
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
