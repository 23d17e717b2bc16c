// Salon's small behaviours. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";

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

  // Header menus (<details class="nav-menu">): close on a click elsewhere or on Escape.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.nav-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.nav-menu[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    });
  });

  function init(root) { guessTimezone(); wireToasts(root || document); }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
