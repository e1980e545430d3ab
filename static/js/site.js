// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Pre-fill time zone selects with the browser's zone when the member has not chosen one.
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    zone = null;
  }
  if (zone) {
    document.querySelectorAll('select[data-browser-timezone="true"]').forEach(function (select) {
      var untouched = !select.dataset.chosen && (select.value === "UTC" || select.value === "");
      if (untouched && select.querySelector('option[value="' + zone + '"]')) {
        select.value = zone;
      }
    });
  }
  // "Show anyway" for collapsed posts of blocked members.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-reveal]");
    if (!button) return;
    var target = document.getElementById(button.getAttribute("data-reveal"));
    if (target) {
      target.hidden = false;
      button.hidden = true;
    }
  });
})();
