// Safety on every page: the quick exit. Without this file the Quick exit link still leaves the site.
(function () {
  "use strict";
  var exitLink = document.querySelector("[data-quick-exit]");
  if (!exitLink) return;

  function leave() {
    // Replace this page in the history, so Back does not bring it back, and show nothing meanwhile.
    document.body.hidden = true;
    document.title = "";
    window.location.replace(exitLink.href);
  }

  exitLink.addEventListener("click", function (event) {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    leave();
  });

  // Esc twice within a short moment, from anywhere on the page (a single Esc still closes things).
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.repeat) return;
    var now = Date.now();
    if (now - lastEscape < 800) {
      leave();
    }
    lastEscape = now;
  });
})();
