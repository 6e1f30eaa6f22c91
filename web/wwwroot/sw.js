// The installed site: pages already visited (with the total they showed) open offline, the newest copy first.
// Kept: pages and the site's own stylesheet, script and icons, for a week at most. Never kept: anything but a GET,
// the API's answers, a page behind a mailed link (a token in its address, or sent no-store), a form's answer.
"use strict";
const CACHE = "flex-v1";
const OFFLINE = "/offline.html";
const PRECACHED = [OFFLINE, "/css/site.css"];
const KEEP_AT_MOST = 60;
const KEEP_FOR_MS = 7 * 24 * 3600 * 1000;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHED)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

function ownAsset(url) {
  return /^\/(css|js|icons)\//.test(url.pathname);
}

function keepable(response) {
  return response.ok && response.type === "basic" && !/no-store|private/.test(response.headers.get("Cache-Control") || "");
}

async function keep(request, response) {
  const cache = await caches.open(CACHE);
  await cache.put(request, response);
  const entries = (await cache.keys()).filter((entry) => !PRECACHED.includes(new URL(entry.url).pathname));
  for (const old of entries.slice(0, Math.max(0, entries.length - KEEP_AT_MOST))) await cache.delete(old);
}

// A copy older than a week is not shown: someone erased since then must not linger on a visitor's phone.
async function recent(request) {
  const copy = await caches.match(request);
  if (!copy) return undefined;
  const age = Date.now() - Date.parse(copy.headers.get("Date") || "");
  if (PRECACHED.includes(new URL(request.url).pathname) || age < KEEP_FOR_MS) return copy;
  await (await caches.open(CACHE)).delete(request);
  return undefined;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  const navigation = request.mode === "navigate";
  if (request.method !== "GET" || url.origin !== self.location.origin || !(navigation || ownAsset(url))) return;
  if (url.searchParams.has("token")) {
    // Straight to the network, never kept; offline, the offline page instead of the browser's error.
    if (navigation) event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
    return;
  }
  event.respondWith(fetch(request)
    .then((response) => {
      if (keepable(response)) event.waitUntil(keep(request, response.clone()));
      return response;
    })
    .catch(async () => (await recent(request)) || (navigation ? caches.match(OFFLINE) : Response.error())));
});
