// The chair's console and the delegate's phone follow the sitting without reloading: the state endpoint is polled
// with the last ETag (a 304 costs the server two small queries); when the sitting moved on, the page's live part
// (server-rendered, escaped by Django) is fetched again and replaces the old one. A failed poll is simply retried.
// The live part is looked up on every round: forms.js may have replaced the page's main part since.
(function () {
  "use strict";
  if (!document.querySelector("[data-follow]")) { return; }
  var PERIOD = 1000;
  var etag = null;

  function refresh() {
    var live = document.querySelector("[data-follow]");
    if (!live) { return null; }
    return fetch(live.dataset.fragment, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { live.innerHTML = html; } });
  }

  function poll() {
    var headers = { Accept: "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    var live = document.querySelector("[data-follow]");
    if (!live) { window.setTimeout(poll, PERIOD); return; }
    fetch(live.dataset.follow, { credentials: "same-origin", headers: headers, cache: "no-store" })
      .then(function (response) {
        if (response.status !== 200) { return null; }
        var first = etag === null;
        etag = response.headers.get("ETag");
        return first ? null : refresh();
      })
      .catch(function () { /* a network blip: the next round tries again */ })
      .then(function () { window.setTimeout(poll, PERIOD); });
  }
  poll();
})();
