// The scanner page's service worker (registration/checkin/pwa.py sets self.PLENARY_DOOR: the cache's name, the
// page and the files it loads). The page comes from the network when it answers within 3 s, else from the cache;
// the static files (hashed names in production) from the cache first. The door's JSON endpoints are never
// cached: the page keeps its list and its queue in IndexedDB.
"use strict";
var DOOR = self.PLENARY_DOOR;
var PAGE_WITHIN_MS = 3000;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(DOOR.cache)
      .then(function (cache) { return cache.addAll(DOOR.files.concat([DOOR.page])); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("plenary-door-") === 0 && name !== DOOR.cache;
        }).map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function wipe() {
  return Promise.all([
    new Promise(function (resolve) {
      var deleting = indexedDB.deleteDatabase("plenary-door");  // static/js/door/store.js
      deleting.onsuccess = deleting.onerror = deleting.onblocked = function () { resolve(); };
    }),
    caches.delete(DOOR.cache),
    self.registration.unregister()
  ]);
}

function pageFromNetworkOrCache(request) {
  var cached = function () {
    return caches.open(DOOR.cache).then(function (cache) { return cache.match(DOOR.page, { ignoreVary: true }); });
  };
  var fromNetwork = fetch(request).then(function (response) {
    // Refused (a revoked device, a volunteer no longer at the door): the page's script will not run, so the
    // worker wipes the door's data itself.
    if (response.status === 403) { return wipe().then(function () { return response; }); }
    // Only the scanner itself: not a redirect to the login page or an error page.
    if (response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(DOOR.cache).then(function (cache) { return cache.put(DOOR.page, copy); });
    }
    return response;
  });
  var slow = new Promise(function (resolve) { setTimeout(resolve, PAGE_WITHIN_MS); }).then(cached);
  return Promise.race([fromNetwork, slow.then(function (page) { return page || fromNetwork; })])
    .catch(function () { return cached().then(function (page) { return page || Response.error(); }); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && url.pathname === DOOR.page) {
    event.respondWith(pageFromNetworkOrCache(request));
  } else if (DOOR.files.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(url.pathname, { ignoreVary: true }).then(function (cached) { return cached || fetch(request); }));
  }
});
