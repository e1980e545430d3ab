// "Notify me on this device": subscribes this browser to Web Push through the service worker.
(function () {
  const box = document.getElementById("push-switch");
  if (!box) return;
  const status = document.getElementById("push-status");
  const say = (text) => { status.textContent = text; };
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) {
    box.disabled = true;
    say("This browser cannot receive notifications from the site.");
    return;
  }
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  const key = Uint8Array.from(atob(box.dataset.key.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  const send = (method, body) => fetch("/api/v1/push/subscriptions/", {
    method, credentials: "same-origin", headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
    body: JSON.stringify(body),
  });
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then((registration) =>
    registration.pushManager.getSubscription().then((existing) => {
      box.checked = Boolean(existing);
      box.disabled = false;
      box.addEventListener("change", () => {
        box.disabled = true;
        const done = (text) => { box.disabled = false; say(text); };
        if (box.checked) {
          registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key })
            .then((subscription) => send("POST", subscription.toJSON()))
            .then(() => done("This device will be notified."))
            .catch(() => { box.checked = false; done("Notifications were not turned on. Your browser may be blocking them."); });
        } else {
          registration.pushManager.getSubscription()
            .then((subscription) => subscription && send("DELETE", { endpoint: subscription.endpoint }).then(() => subscription.unsubscribe()))
            .then(() => done("This device will no longer be notified."))
            .catch(() => done("Something went wrong. Please try again."));
        }
      });
    })
  );
})();
