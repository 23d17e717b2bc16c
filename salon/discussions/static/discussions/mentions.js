// @mention autocomplete for the forum's post textareas (reply, new topic, edit).
// A textarea's field carries data-mentions-url and either data-mentions-topic (a topic's
// id) or data-mentions-category (the id of the select that chooses the category). Typing
// "@" and a letter or more asks the server (GET …?topic=|category=…&q=…, JSON) who may be
// mentioned there, and shows them as a listbox under the textarea: the combobox pattern,
// with the textarea as the combobox. Arrow keys move, Enter or Tab inserts "@handle ",
// Escape closes, a click inserts. No inline scripts or styles: the CSP forbids them.
(function () {
  "use strict";

  var DELAY = 150; // ms after the last keystroke before asking
  // "@" at the start or after a character that cannot end a word, e-mail or URL (as the
  // server's mention pattern), then the start of a handle or name: letters, digits, "-".
  var TOKEN = /(^|[^\p{L}\p{N}_@\/])@([\p{L}\p{N}][\p{L}\p{N}-]{0,59})$/u;
  var count = 0;

  function setUp(field) {
    var textarea = field.querySelector("textarea");
    if (!textarea || textarea.dataset.mentionsReady) return;
    textarea.dataset.mentionsReady = "1";
    var id = textarea.id || "mentions-" + ++count;
    var listId = id + "-mentions";

    var anchor = document.createElement("div");
    anchor.className = "mention-anchor";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "People to mention");
    list.hidden = true;
    anchor.appendChild(list);
    textarea.insertAdjacentElement("afterend", anchor);

    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    status.setAttribute("role", "status");
    anchor.appendChild(status);

    textarea.setAttribute("role", "combobox");
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", listId);
    textarea.setAttribute("aria-expanded", "false");

    var results = [];
    var active = -1;
    var token = null; // {start, end, query} of the "@…" being typed
    var timer = null;
    var asked = 0;
    var cache = {};

    function announce(text) {
      status.textContent = "";
      setTimeout(function () { status.textContent = text; }, 50);
    }

    function close() {
      results = [];
      active = -1;
      list.hidden = true;
      list.textContent = "";
      textarea.setAttribute("aria-expanded", "false");
      textarea.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      active = index;
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      if (index >= 0 && options[index]) {
        textarea.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        textarea.removeAttribute("aria-activedescendant");
      }
    }

    function span(className, text) {
      var node = document.createElement("span");
      node.className = className;
      node.textContent = text;
      return node;
    }

    function show(people) {
      results = people;
      list.textContent = "";
      if (!people.length) {
        close();
        announce("No one to mention matches.");
        return;
      }
      people.forEach(function (person, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.className = "mention-option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.appendChild(span("mention-name", person.name));
        option.appendChild(span("mention-handle", "@" + person.handle));
        if (person.title) option.appendChild(span("mention-title", person.title));
        // mousedown, not click: the textarea keeps the focus (and the caret).
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(option);
      });
      list.hidden = false;
      textarea.setAttribute("aria-expanded", "true");
      highlight(0);
      announce(
        people.length === 1
          ? "1 person to mention. Up and down to choose, Enter to insert."
          : people.length + " people to mention. Up and down to choose, Enter to insert."
      );
    }

    function choose(index) {
      var person = results[index];
      if (!person || !token) return;
      var value = textarea.value;
      var insert = "@" + person.handle + " ";
      textarea.value = value.slice(0, token.start) + insert + value.slice(token.end);
      var caret = token.start + insert.length;
      textarea.setSelectionRange(caret, caret);
      close();
      token = null;
      textarea.focus();
      announce("Inserted @" + person.handle + ".");
      // The Markdown preview (htmx) follows "input" events.
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function urlFor(query) {
      var url = field.dataset.mentionsUrl;
      var params = new URLSearchParams();
      if (field.dataset.mentionsTopic) {
        params.set("topic", field.dataset.mentionsTopic);
      } else {
        var select = document.getElementById(field.dataset.mentionsCategory || "");
        if (!select || !select.value) return null;
        params.set("category", select.value);
      }
      params.set("q", query);
      return url + "?" + params.toString();
    }

    function ask(query) {
      var url = urlFor(query);
      if (!url) return;
      if (cache[url]) {
        show(cache[url]);
        return;
      }
      var mine = ++asked;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          cache[url] = data.results || [];
          // Only the answer to the latest question, and only if it is still being asked.
          if (mine === asked && token && token.query === query) show(cache[url]);
        })
        .catch(function () { /* offline or refused: no suggestions, typing goes on */ });
    }

    function onInput() {
      clearTimeout(timer);
      var caret = textarea.selectionStart;
      if (caret !== textarea.selectionEnd) { token = null; close(); return; }
      var match = TOKEN.exec(textarea.value.slice(0, caret));
      if (!match) { token = null; close(); return; }
      var query = match[2];
      token = { start: caret - query.length - 1, end: caret, query: query };
      timer = setTimeout(function () { ask(query); }, DELAY);
    }

    textarea.addEventListener("input", onInput);
    textarea.addEventListener("click", onInput);
    textarea.addEventListener("blur", function () { clearTimeout(timer); close(); });
    textarea.addEventListener("keydown", function (event) {
      if (list.hidden || !results.length) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % results.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight((active - 1 + results.length) % results.length);
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        if (event.shiftKey || event.ctrlKey || event.metaKey || event.altKey) return;
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        token = null;
        close();
      }
    });
    if (field.dataset.mentionsCategory) {
      var select = document.getElementById(field.dataset.mentionsCategory);
      // Another category may be seen by other people: ask again.
      if (select) select.addEventListener("change", function () { cache = {}; close(); });
    }
  }

  function start() {
    var fields = document.querySelectorAll("[data-mentions-url]");
    for (var i = 0; i < fields.length; i++) setUp(fields[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
