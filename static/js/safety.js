// Safety on member pages: the quick exit, and a gentle hint while a post is being written.
// Without this file the Quick exit link still leaves the site, and the check at save still runs.
(function () {
  "use strict";

  // Quick exit: the button, or Esc pressed twice within a moment, from anywhere on the page.
  var exitLink = document.querySelector("[data-quick-exit]");
  if (exitLink) {
    var leave = function () {
      // Replace this page in the history, so Back does not bring it back; show nothing meanwhile.
      document.documentElement.hidden = true;
      document.title = "";
      window.location.replace(exitLink.href);
    };
    exitLink.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      leave();
    });
    var lastEscape = 0;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || event.repeat) return;
      var now = Date.now();
      if (now - lastEscape < 800) leave();
      lastEscape = now;
    });
  }

  // "Got it" without a page load: one history entry fewer to go Back to.
  var explained = document.querySelector("[data-quick-exit-explained]");
  if (explained) {
    explained.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(explained.action, { method: "POST", body: new FormData(explained), credentials: "same-origin", redirect: "manual" })
        .then(function () {
          explained.closest("aside").remove();
          if (exitLink) exitLink.focus();
        })
        .catch(function () {
          explained.submit();
        });
    });
  }

  // "Print my plan" needs this file; the browser's own Print works without it.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });

  // Live crisis hint: the same phrases the server checks at save, fetched once, checked as the
  // member types (debounced). Help appears in a polite live region; the post is never blocked.
  document.querySelectorAll("form[data-crisis-check]").forEach(function (form) {
    var region = form.querySelector("[data-crisis-hint]");
    var text = form.querySelector("[data-crisis-hint-text]");
    if (!region || !text) return;
    var phrases = null;
    var loading = false;
    var timer = null;

    function draft() {
      var parts = [];
      form.querySelectorAll("textarea, input[type=text], input:not([type])").forEach(function (field) {
        parts.push(field.value);
      });
      return parts.join(" ").toLowerCase();
    }

    function check() {
      if (!phrases || region.childElementCount) return;
      var words = draft();
      for (var i = 0; i < phrases.length; i++) {
        if (words.indexOf(phrases[i]) !== -1) {
          region.innerHTML = text.innerHTML;
          return;
        }
      }
    }

    function load() {
      if (phrases || loading) return;
      loading = true;
      fetch(form.getAttribute("data-crisis-check"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { phrases: [] };
        })
        .then(function (body) {
          phrases = body.phrases || [];
          check();
        })
        .catch(function () {
          loading = false;
        });
    }

    form.addEventListener("input", function () {
      load();
      clearTimeout(timer);
      timer = setTimeout(check, 400);
    });
  });
})();
