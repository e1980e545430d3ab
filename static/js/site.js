// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Sign-up: pre-fill the time zone with the device's zone while the default is still selected.
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    zone = null;
  }
  if (zone) {
    document.querySelectorAll('select[data-browser-timezone="true"]').forEach(function (select) {
      var untouched = select.value === "UTC" || select.value === "";
      if (untouched && select.querySelector('option[value="' + zone + '"]')) {
        select.value = zone;
      }
    });
    // The welcome confirms the zone the count runs in: the device's, unless the member changes it.
    document.querySelectorAll('select[data-device-timezone="true"]').forEach(function (select) {
      if (select.querySelector('option[value="' + zone + '"]')) {
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
  // Live preview: the server renders the text exactly as it will be saved (the Preview button
  // does the same without JavaScript).
  document.querySelectorAll("form[data-live-preview]").forEach(function (form) {
    var textarea = form.querySelector("textarea[name=body]");
    var region = form.querySelector("[data-preview-region]");
    var target = form.querySelector("[data-preview-body]");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!textarea || !region || !target || !token || !window.fetch) return;
    var timer = null;
    var sent = 0;
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = textarea.value;
        if (!text.trim()) {
          region.hidden = true;
          return;
        }
        var mine = ++sent;
        fetch(form.getAttribute("data-live-preview"), {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": token.value },
          body: JSON.stringify({ body: text }),
        })
          .then(function (response) {
            return response.ok ? response.json() : null;
          })
          .then(function (data) {
            // Only the answer to the latest text is shown; a refused one keeps the last preview.
            if (!data || mine !== sent) return;
            target.innerHTML = data.body_html; // sanitized on the server, as every post is
            region.hidden = false;
          })
          .catch(function () {});
      }, 600);
    });
  });
  // Drafts: what the member types is kept on the server (a second after they stop, and when they
  // leave the page), so it comes back on any device; posting deletes it.
  document.querySelectorAll("form[data-draft-url]").forEach(function (form) {
    var textarea = form.querySelector("textarea[name=body]");
    var title = form.querySelector("input[name=title]");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var status = form.querySelector("[data-draft-status]");
    if (!textarea || !token || !window.fetch) return;
    var timer = null;
    var dirty = false;
    var posted = false;
    function save() {
      clearTimeout(timer);
      if (!dirty || posted) return;
      dirty = false;
      fetch(form.getAttribute("data-draft-url"), {
        method: "PUT",
        credentials: "same-origin",
        keepalive: true,
        headers: { "Content-Type": "application/json", "X-CSRFToken": token.value },
        body: JSON.stringify({
          body: textarea.value,
          title: title ? title.value : "",
          category: form.getAttribute("data-draft-category") || "",
        }),
      })
        .then(function (response) {
          if (status && response.ok) status.textContent = "Draft saved.";
        })
        .catch(function () {
          dirty = true;
        });
    }
    function changed() {
      dirty = true;
      clearTimeout(timer);
      timer = setTimeout(save, 1000);
    }
    textarea.addEventListener("input", changed);
    if (title) title.addEventListener("input", changed);
    form.addEventListener("submit", function (event) {
      // The Preview button keeps the draft; posting deletes it on the server.
      var preview = event.submitter && event.submitter.name === "preview";
      if (preview) save();
      else posted = true;
    });
    window.addEventListener("pagehide", save);
  });
})();
