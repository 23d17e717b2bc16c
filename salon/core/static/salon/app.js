// Salon's small behaviours. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  // Pre-select the browser's time zone in pickers that ask for one.
  function guessTimezone() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    document.querySelectorAll("select[data-guess-timezone]").forEach(function (select) {
      if (select.dataset.guessed) return;
      select.dataset.guessed = "1";
      var current = select.value;
      if ((current === "UTC" || current === "") && zone) {
        var option = select.querySelector('option[value="' + zone + '"]');
        if (option) select.value = zone;
      }
    });
  }

  // Toasts close on their button and fade after a while (not errors: those stay).
  function wireToasts(root) {
    root.querySelectorAll(".toast").forEach(function (toast) {
      var button = toast.querySelector("button");
      if (button && !button.dataset.wired) {
        button.dataset.wired = "1";
        button.addEventListener("click", function () { toast.remove(); });
      }
      if (!toast.classList.contains("error") && !toast.dataset.timer) {
        toast.dataset.timer = "1";
        setTimeout(function () { toast.remove(); }, 8000);
      }
    });
  }

  // <form data-confirm="Remove Ana?"> asks before it submits.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }, true);

  // Copy buttons: <button data-copy="#id">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var target = document.querySelector(button.dataset.copy);
    if (target && navigator.clipboard) {
      navigator.clipboard.writeText(target.textContent.trim());
      button.textContent = button.dataset.copied || "Copied";
    }
  });

  // Folding menus: <button data-menu-toggle aria-controls="id" aria-expanded="false">
  // right before the list it shows. Escape closes the one you are in.
  // Without this script the toggle is a link that opens its menu by :target (salon.css);
  // here it becomes a button, and a menu opened that way before now stays open as one.
  function setExpanded(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  function upgradeMenuToggles() {
    document.querySelectorAll("a[data-menu-toggle]:not([role])").forEach(function (toggle) {
      toggle.setAttribute("role", "button");
      var panel = document.getElementById(toggle.getAttribute("aria-controls"));
      if (panel && panel.matches(":target")) {
        setExpanded(toggle, true);
        history.replaceState(null, "", location.pathname + location.search);
      }
    });
  }
  upgradeMenuToggles();
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-menu-toggle]");
    if (!button) return;
    event.preventDefault();
    setExpanded(button, button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    // A link opens on Enter by itself; a button also opens on the space bar.
    if (event.key !== " ") return;
    var button = event.target.closest && event.target.closest("[data-menu-toggle]");
    if (!button) return;
    event.preventDefault();
    button.click();
  });
  function closeMenuAround(element) {
    var closed = false;
    document.querySelectorAll('[data-menu-toggle][aria-expanded="true"]').forEach(function (button) {
      var panel = document.getElementById(button.getAttribute("aria-controls"));
      if (panel && (panel.contains(element) || button === element)) {
        setExpanded(button, false);
        button.focus();
        closed = true;
      }
    });
    return closed;
  }

  // The header's search as you type (htmx fills #nav-search-results): the down arrow goes
  // to the results and moves among them, up from the first returns to the box, Escape
  // clears them.
  function suggestLinks() {
    return Array.prototype.slice.call(document.querySelectorAll("#nav-search-results a"));
  }
  function clearSuggestions() {
    var panel = document.getElementById("nav-search-results");
    if (panel) panel.innerHTML = "";
  }
  document.addEventListener("keydown", function (event) {
    var box = document.querySelector("[data-search-suggest]");
    if (!box) return;
    var links = suggestLinks();
    var index = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && (event.target === box || index >= 0) && links.length) {
      event.preventDefault();
      links[Math.min(index + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && index >= 0) {
      event.preventDefault();
      if (index === 0) box.focus(); else links[index - 1].focus();
    } else if (event.key === "Escape" && (event.target === box || index >= 0) && links.length) {
      event.stopImmediatePropagation();
      clearSuggestions();
      box.focus();
    }
  }, true);
  document.addEventListener("click", function (event) {
    var form = event.target.closest(".nav-search");
    if (!form) clearSuggestions();
  });

  // Header menus (<details class="nav-menu">): close on a click elsewhere or on Escape.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.nav-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menus = document.querySelectorAll("details.nav-menu[open]");
    menus.forEach(function (menu) {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    });
    if (!menus.length) closeMenuAround(document.activeElement);
  });

  // A table wider than the screen scrolls in its .table-wrap: make that region reachable
  // by keyboard (and named after the table's caption) so it can be scrolled without a mouse.
  function reachableScrolls() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
        wrap.dataset.scrollable = "1";
      } else if (!scrolls && wrap.dataset.scrollable) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
        delete wrap.dataset.scrollable;
      }
    });
  }
  window.addEventListener("resize", reachableScrolls);

  function init(root) {
    guessTimezone(); wireToasts(root || document); reachableScrolls(); upgradeMenuToggles();
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
