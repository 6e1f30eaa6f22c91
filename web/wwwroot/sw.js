// The installed site: pages already visited (with the total they showed) open offline, the newest copy first.
// Never kept: anything but a GET, a page behind a mailed link (a token in its address, or sent no-store),
// the answer to a form (a POST), a live stream.
"use strict";
const CACHE = "flex-v1";
const OFFLINE = "/offline.html";
const KEEP_AT_MOST = 60;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([OFFLINE, "/css/site.css"])).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

function keepable(response) {
  return response.ok && response.type === "basic" && !/no-store|private/.test(response.headers.get("Cache-Control") || "");
}

async function keep(request, response) {
  const cache = await caches.open(CACHE);
  await cache.put(request, response);
  const kept = await cache.keys();
  for (const old of kept.slice(0, Math.max(0, kept.length - KEEP_AT_MOST))) {
    if (new URL(old.url).pathname !== OFFLINE) await cache.delete(old);
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.endsWith("/stream")) return;
  if (url.searchParams.has("token")) {
    // Straight to the network, never kept; offline, the offline page instead of the browser's error.
    if (request.mode === "navigate") event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
    return;
  }
  event.respondWith(fetch(request)
    .then((response) => {
      if (keepable(response)) event.waitUntil(keep(request, response.clone()));
      return response;
    })
    .catch(async () => (await caches.match(request)) || (request.mode === "navigate" ? caches.match(OFFLINE) : Response.error())));
});
