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
  // @mention suggestions: an ARIA combobox on the text box, optional (typing a whole handle works
  // as well). Up/Down move, Enter or Tab choose, Escape closes.
  document.querySelectorAll("form[data-mention-url]").forEach(function (form, formIndex) {
    var textarea = form.querySelector("textarea[name=body]");
    if (!textarea || !window.fetch) return;
    var listId = "mention-list-" + formIndex;
    var list = document.createElement("ul");
    list.id = listId;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Members to mention");
    list.className = "mention-list";
    list.hidden = true;
    textarea.insertAdjacentElement("afterend", list);
    textarea.setAttribute("role", "combobox");
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", listId);
    textarea.setAttribute("aria-expanded", "false");
    var timer = null;
    var active = -1;
    var handles = [];
    function close() {
      list.hidden = true;
      list.textContent = "";
      handles = [];
      active = -1;
      textarea.setAttribute("aria-expanded", "false");
      textarea.removeAttribute("aria-activedescendant");
    }
    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) textarea.setAttribute("aria-activedescendant", listId + "-" + index);
      else textarea.removeAttribute("aria-activedescendant");
    }
    function typedHandle() {
      var before = textarea.value.slice(0, textarea.selectionStart);
      var match = /(^|[^\w@])@([A-Za-z0-9_]{2,30})$/.exec(before);
      return match ? match[2] : null;
    }
    function choose(index) {
      var handle = handles[index];
      if (!handle) return;
      var caret = textarea.selectionStart;
      var before = textarea.value.slice(0, caret).replace(/@[A-Za-z0-9_]*$/, "@" + handle + " ");
      textarea.value = before + textarea.value.slice(caret);
      textarea.selectionStart = textarea.selectionEnd = before.length;
      close();
      textarea.dispatchEvent(new Event("input"));
    }
    function show(found) {
      close();
      handles = found;
      if (!found.length) return;
      found.forEach(function (handle, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = "@" + handle;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(option);
      });
      list.hidden = false;
      textarea.setAttribute("aria-expanded", "true");
      highlight(0);
    }
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      var typed = typedHandle();
      if (!typed) {
        close();
        return;
      }
      timer = setTimeout(function () {
        var url = form.getAttribute("data-mention-url");
        url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(typed);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (data) {
            if (typedHandle() === typed) show(data.results || []);
          })
          .catch(close);
      }, 200);
    });
    textarea.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + handles.length) % handles.length);
      } else if (event.key === "Enter" || event.key === "Tab") {
        if (active >= 0) {
          event.preventDefault();
          choose(active);
        }
      } else if (event.key === "Escape") {
        // Closing the list is not a press towards the quick exit.
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    });
    textarea.addEventListener("blur", close);
  });
})();
