// The service worker: shows a push from the site, and opens its page when tapped.
self.addEventListener("push", (event) => {
  let message = { title: "No Contact", body: "", url: "/" };
  try {
    message = Object.assign(message, event.data ? event.data.json() : {});
  } catch (error) {
    // A payload that is not ours still shows the generic title.
  }
  event.waitUntil(
    self.registration.showNotification(message.title, {
      body: message.body,
      icon: "/static/img/icon.svg",
      data: { url: message.url || "/" },
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL(event.notification.data.url || "/", self.location.origin);
  if (url.origin !== self.location.origin) return;
  event.waitUntil(self.clients.openWindow(url.href));
});
