// The check-in counts (templates/registration/checkin_counts.html) and a session's attendance
// (attendance_session.html) update in place: every 5 seconds the counts fragment is fetched and replaces the old one inside the aria-live region. Without JavaScript,
// the page's Refresh link reloads it.
(function () {
  "use strict";
  var live = document.querySelector("[data-counts-live]");
  if (!live) { return; }
  var PERIOD = 5000;

  function update() {
    fetch(live.dataset.url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        // Same-origin HTML rendered by Django with auto-escaping: names in it are escaped text.
        live.innerHTML = html;
      })
      .catch(function () { /* offline for a moment: the next round tries again */ })
      .then(function () { window.setTimeout(update, PERIOD); });
  }
  window.setTimeout(update, PERIOD);
})();
