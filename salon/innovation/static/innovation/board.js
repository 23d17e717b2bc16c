// A live brainstorming board (salon/innovation/live.py describes the socket's messages).
// Every form on the board works without this script; with it, forms post in the
// background, notes can be dragged between clusters, and everyone's changes arrive over
// the board's WebSocket. A note or cluster is only redrawn from a message whose version is
// newer than the one shown, so messages that cross never bring back an older state.
// No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  var RETRY_MIN = 1000;
  var RETRY_MAX = 30000;
  var FINAL = { 1000: true, 4403: true };

  function start() {
    var board = document.querySelector("[data-board]");
    if (!board || board.dataset.liveState) return;
    board.dataset.liveState = "starting";
    var status = document.querySelector("[data-live-status]");
    var errorBox = document.querySelector("[data-board-error]");
    var presence = document.querySelector("[data-presence]");
    var dotsLeft = document.querySelector("[data-dots-left]");
    var noteTemplate = document.getElementById("note-template");
    var clusterTemplate = document.getElementById("cluster-template");
    var ungroupedLabel = board.dataset.stateLabel || "";
    var here = {};

    function dotLabel(n) {
      if (!n) return "";
      if (n === 1) return board.dataset.dotOne || "1";
      return (board.dataset.dotMany || "%s").replace("%s", n);
    }

    function announce(text) {
      if (!status || !text) return;
      status.textContent = "";
      setTimeout(function () { status.textContent = text; }, 50);
    }

    function showError(text) {
      if (!errorBox) return;
      errorBox.textContent = text || "";
      errorBox.hidden = !text;
      if (text) errorBox.classList.add("alert-error");
    }

    // Columns and notes ---------------------------------------------------------------

    function column(clusterId) {
      var key = clusterId ? String(clusterId) : "none";
      return document.getElementById("cluster-" + key);
    }

    function notesOf(section) {
      return section ? section.querySelector("[data-notes]") : null;
    }

    function recount() {
      board.querySelectorAll(".brainstorm-column").forEach(function (section) {
        var count = section.querySelector("[data-count]");
        if (count) count.textContent = String(section.querySelectorAll(".sticky").length);
      });
    }

    function clusterOptions() {
      var options = [["", ungroupedLabel]];
      board.querySelectorAll(".brainstorm-column[data-cluster]").forEach(function (section) {
        if (!section.dataset.cluster) return;
        var name = section.querySelector("[data-cluster-name]");
        options.push([section.dataset.cluster, name ? name.textContent : ""]);
      });
      return options;
    }

    function refreshSelects() {
      var options = clusterOptions();
      board.querySelectorAll("[data-move-select]").forEach(function (select) {
        var note = select.closest(".sticky");
        var current = note ? note.dataset.cluster || "" : select.value;
        select.textContent = "";
        options.forEach(function (pair) {
          var option = document.createElement("option");
          option.value = pair[0];
          option.textContent = pair[1];
          if (pair[0] === current) option.selected = true;
          select.appendChild(option);
        });
      });
    }

    function insertSorted(list, node) {
      var position = parseFloat(node.dataset.position) || 0;
      var id = parseInt(node.dataset.note, 10);
      var children = list.querySelectorAll(".sticky");
      for (var i = 0; i < children.length; i++) {
        var other = children[i];
        if (other === node) continue;
        var p = parseFloat(other.dataset.position) || 0;
        if (p > position || (p === position && parseInt(other.dataset.note, 10) > id)) {
          list.insertBefore(node, other);
          return;
        }
      }
      list.appendChild(node);
    }

    function newNote(id) {
      if (!noteTemplate) return null;
      var node = noteTemplate.content.firstElementChild.cloneNode(true);
      node.id = "note-" + id;
      node.dataset.note = String(id);
      node.dataset.version = "0";
      node.querySelectorAll("form").forEach(function (form) {
        form.setAttribute("action", form.getAttribute("action").replace("/notes/0/", "/notes/" + id + "/"));
      });
      node.querySelectorAll("a[data-promote]").forEach(function (link) {
        link.setAttribute("href", link.getAttribute("href").replace("/notes/0/", "/notes/" + id + "/"));
      });
      node.querySelectorAll("[id]").forEach(function (el) {
        el.id = el.id.replace(/-0$/, "-" + id);
      });
      node.querySelectorAll("label[for]").forEach(function (label) {
        label.htmlFor = label.htmlFor.replace(/-0$/, "-" + id);
      });
      return node;
    }

    function applyNote(data, announceIt) {
      var node = document.getElementById("note-" + data.id);
      if (data.removed) {
        if (node) { node.remove(); recount(); }
        return;
      }
      var created = false;
      if (!node) {
        node = newNote(data.id);
        if (!node) return;
        created = true;
      } else if (parseInt(node.dataset.version, 10) >= data.version) {
        return;  // already showing this or a newer state
      }
      node.dataset.version = String(data.version);
      node.dataset.position = String(data.position);
      node.dataset.cluster = data.cluster ? String(data.cluster) : "";
      node.className = node.className.replace(/sticky-(yellow|blue|green|pink|orange)/, "sticky-" + data.colour);
      var text = node.querySelector("[data-text]");
      if (text) text.textContent = data.text;
      var editText = node.querySelector("[data-edit-text]");
      if (editText && document.activeElement !== editText) editText.value = data.text;
      var author = node.querySelector("[data-author]");
      if (author) author.textContent = data.author || "";
      var dots = node.querySelector("[data-dots]");
      if (dots) dots.textContent = dotLabel(data.dots);
      var idea = node.querySelector("[data-idea]");
      if (idea && data.idea && !idea.querySelector("a")) {
        var link = document.createElement("a");
        link.href = data.idea;
        link.textContent = "\u2192";
        link.setAttribute("aria-label", "Idea");
        idea.appendChild(link);
      }
      var edit = node.querySelector("[data-editable]");
      if (edit && created && !data.editable) edit.remove();
      var select = node.querySelector("[data-move-select]");
      if (select) select.value = node.dataset.cluster;
      var section = column(data.cluster) || column(null);
      var list = notesOf(section);
      if (list) insertSorted(list, node);
      if (created) {
        refreshSelects();
        if (announceIt) announce(data.author ? "New note from " + data.author : "New note");
      }
      recount();
    }

    function applyCluster(data) {
      var section = column(data.id);
      if (!section) {
        if (!clusterTemplate) return;
        section = clusterTemplate.content.firstElementChild.cloneNode(true);
        section.id = "cluster-" + data.id;
        section.dataset.cluster = String(data.id);
        var heading = section.querySelector("h3");
        heading.id = "cluster-" + data.id + "-h";
        section.setAttribute("aria-labelledby", heading.id);
        board.appendChild(section);
        bindDrop(section);
        announce("New cluster: " + data.name);
      } else if (parseInt(section.dataset.version, 10) >= data.version) {
        return;
      }
      section.dataset.version = String(data.version);
      var name = section.querySelector("[data-cluster-name]");
      if (name) name.textContent = data.name;
      refreshSelects();
    }

    function removeCluster(id) {
      var section = column(id);
      if (!section) return;
      var ungrouped = notesOf(column(null));
      section.querySelectorAll(".sticky").forEach(function (note) {
        note.dataset.cluster = "";
        if (ungrouped) ungrouped.appendChild(note);
      });
      section.remove();
      refreshSelects();
      recount();
    }

    function applyDots(message) {
      applyNote(message.note, false);
      if (typeof message.mine !== "number") return;
      var node = document.getElementById("note-" + message.note.id);
      var mine = node && node.querySelector("[data-my-dots]");
      if (mine) {
        mine.textContent = message.mine ? (board.dataset.mineLabel || "%s").replace("%s", message.mine) : "";
      }
      if (dotsLeft && typeof message.left === "number") dotsLeft.textContent = String(message.left);
    }

    function applyBoard(data) {
      if (data.phase !== board.dataset.phase) {
        // A new phase changes which forms the page offers: load it again.
        window.location.reload();
        return;
      }
      setTimer(data.timer_ends_at, data.lock_at_timer);
    }

    function apply(message) {
      if (!message || !message.kind) return;
      if (message.kind === "note") applyNote(message.note, true);
      else if (message.kind === "dots") applyDots(message);
      else if (message.kind === "cluster") applyCluster(message.cluster);
      else if (message.kind === "cluster_removed") removeCluster(message.id);
      else if (message.kind === "board") applyBoard(message.board);
      else if (message.kind === "presence") applyPresence(message);
    }

    // Who is here -----------------------------------------------------------------------

    // Each name stays while its person's page says it is open (a ping every 20 seconds);
    // a page that closes says so at once.
    var PRESENCE_TTL = 50000;

    function applyPresence(message) {
      if (!presence || String(message.user) === board.dataset.viewer) return;
      var key = String(message.user);
      var item = presence.querySelector('[data-user="' + key + '"]');
      if (message.here) {
        here[key] = Date.now();
        if (!item) {
          item = document.createElement("li");
          item.dataset.user = key;
          item.textContent = message.name;
          presence.appendChild(item);
        }
      } else {
        delete here[key];
        if (item) item.remove();
      }
    }

    function prunePresence() {
      if (!presence) return;
      var now = Date.now();
      Object.keys(here).forEach(function (key) {
        if (now - here[key] < PRESENCE_TTL) return;
        delete here[key];
        var item = presence.querySelector('[data-user="' + key + '"]');
        if (item) item.remove();
      });
    }

    // Timer -------------------------------------------------------------------------------

    var timer = document.querySelector("[data-timer]");
    var timerValue = timer && timer.querySelector("[data-timer-value]");
    var timerHandle = null;

    function setTimer(endsAt, locks) {
      if (!timer) return;
      timer.dataset.ends = endsAt || "";
      timer.dataset.locks = locks ? "1" : "";
      tick();
    }

    function tick() {
      if (!timer || !timerValue) return;
      var ends = timer.dataset.ends ? Date.parse(timer.dataset.ends) : NaN;
      if (isNaN(ends)) {
        timer.hidden = true;
        return;
      }
      timer.hidden = false;
      var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      if (left === 0) {
        timerValue.textContent = "Time is up";
        if (timer.dataset.locks && board.dataset.phase !== "locked" && !timer.dataset.reloaded) {
          timer.dataset.reloaded = "1";
          setTimeout(function () { window.location.reload(); }, 1500);
        }
        return;
      }
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      timerValue.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    }

    if (timer) {
      tick();
      timerHandle = setInterval(tick, 1000);
    }

    // Forms post in the background ---------------------------------------------------------

    function post(form, extra) {
      var body = new FormData(form);
      if (extra) Object.keys(extra).forEach(function (k) { body.set(k, extra[k]); });
      return fetch(form.getAttribute("action"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      }).then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok || data.kind === "refused") {
            throw new Error(data.detail || "The board did not take that.");
          }
          return data;
        }, function () {
          throw new Error("The board did not take that.");
        });
      });
    }

    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-board-form")) return;
      if (!window.fetch || !window.FormData) return;
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      post(form).then(function (data) {
        showError("");
        apply(data);
        if (form.hasAttribute("data-add-note") || form.hasAttribute("data-add-cluster")) {
          form.reset();
          var field = form.querySelector("textarea, input[type=text]");
          if (field) field.focus();
        }
        var details = form.closest("details.sticky-edit");
        if (details && data.note && !data.note.removed) details.open = false;
      }).catch(function (error) {
        showError(error.message);
      }).then(function () {
        if (button) button.disabled = false;
      });
    });

    // Drag and drop (the "Move to" list does the same by keyboard) --------------------------

    var dragged = null;

    board.addEventListener("dragstart", function (event) {
      var note = event.target.closest && event.target.closest(".sticky");
      if (!note || !board.hasAttribute("data-arrange")) return;
      dragged = note;
      note.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", note.dataset.note);
    });

    board.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("is-dragging");
      dragged = null;
    });

    function dropPosition(list, y) {
      var notes = Array.prototype.filter.call(list.querySelectorAll(".sticky"), function (n) {
        return n !== dragged;
      });
      var before = null;
      var after = null;
      for (var i = 0; i < notes.length; i++) {
        var box = notes[i].getBoundingClientRect();
        if (y < box.top + box.height / 2) { after = notes[i]; break; }
        before = notes[i];
      }
      var lo = before ? parseFloat(before.dataset.position) : null;
      var hi = after ? parseFloat(after.dataset.position) : null;
      if (lo === null && hi === null) return 1;
      if (lo === null) return hi - 1;
      if (hi === null) return lo + 1;
      return (lo + hi) / 2;
    }

    function bindDrop(section) {
      section.addEventListener("dragover", function (event) {
        if (!dragged) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        section.classList.add("is-drop-target");
      });
      section.addEventListener("dragleave", function () {
        section.classList.remove("is-drop-target");
      });
      section.addEventListener("drop", function (event) {
        if (!dragged) return;
        event.preventDefault();
        section.classList.remove("is-drop-target");
        var list = notesOf(section);
        var note = dragged;
        var form = note.querySelector(".sticky-move");
        if (!list || !form) return;
        var position = dropPosition(list, event.clientY);
        var cluster = section.dataset.cluster || "";
        note.dataset.position = String(position);
        note.dataset.cluster = cluster;
        insertSorted(list, note);  // at once; the answer confirms it
        recount();
        post(form, { cluster: cluster, position: String(position) }).then(function (data) {
          showError("");
          apply(data);
        }).catch(function (error) { showError(error.message); });
      });
    }

    board.querySelectorAll(".brainstorm-column").forEach(bindDrop);

    // The socket ---------------------------------------------------------------------------

    function catchUp() {
      // After a gap the page asks for the whole board and applies what is newer.
      fetch(board.dataset.state, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!state) return;
          if (state.board.phase !== board.dataset.phase) { window.location.reload(); return; }
          state.clusters.forEach(applyCluster);
          var live = {};
          state.notes.forEach(function (note) { live[note.id] = true; applyNote(note, false); });
          board.querySelectorAll(".sticky").forEach(function (node) {
            if (!live[node.dataset.note]) node.remove();
          });
          recount();
        });
    }

    function connect(again) {
      if (!board.dataset.socket || !window.WebSocket) return;
      var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
      var port = document.documentElement.dataset.socketPort;
      var host = port ? window.location.hostname + ":" + port : window.location.host;
      var socket;
      try {
        socket = new WebSocket(scheme + host + board.dataset.socket);
      } catch (e) {
        return;
      }
      var retry = connect.retry || RETRY_MIN;
      var pinger = null;
      socket.addEventListener("open", function () {
        connect.retry = RETRY_MIN;
        board.dataset.liveState = "open";
        if (again) catchUp();
        pinger = setInterval(function () {
          if (socket.readyState === 1) socket.send(JSON.stringify({ ping: true }));
          prunePresence();
        }, 20000);
      });
      socket.addEventListener("message", function (event) {
        var message;
        try { message = JSON.parse(event.data); } catch (e) { return; }
        apply(message);
      });
      socket.addEventListener("close", function (event) {
        board.dataset.liveState = "closed";
        if (pinger) clearInterval(pinger);
        here = {};
        if (presence) {
          presence.querySelectorAll("li").forEach(function (li) {
            if (li.dataset.user !== board.dataset.viewer) li.remove();
          });
        }
        if (FINAL[event.code]) return;
        setTimeout(function () { connect(true); }, retry);
        connect.retry = Math.min(retry * 2, RETRY_MAX);
      });
    }

    board.dataset.liveState = "connecting";
    connect(false);
    if (!board.dataset.socket) board.dataset.liveState = "off";
    void timerHandle;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
