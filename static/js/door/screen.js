// What the volunteer sees on the door scanner (static/js/checkin.js): the outcome of a scan, and the status
// line (online or not, scans waiting, last sync, the list's age, scans the server refused).
(function () {
  "use strict";

  window.PlenaryDoorScreen = function (scanner, lists) {
    var result = scanner.querySelector("[data-result]");
    var status = {
      box: scanner.querySelector("[data-door-status]"),
      network: scanner.querySelector("[data-status-network]"),
      queue: scanner.querySelector("[data-status-queue]"),
      sync: scanner.querySelector("[data-status-sync]"),
      list: scanner.querySelector("[data-status-list]"),
      signIn: scanner.querySelector("[data-sign-in-again]"),
      refusedBox: scanner.querySelector("[data-refused]"),
      refused: scanner.querySelector("[data-status-refused]"),
      refusedList: scanner.querySelector("[data-refused-list]")
    };
    var lang = scanner.dataset.lang;
    var timeFormat = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", timeZone: scanner.dataset.timeZone });
    var clockFormat = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
    var ageFormat = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });

    function label(name) { return scanner.getAttribute("data-label-" + name) || ""; }

    function show(outcome, details, decidedHere) {
      var text = label(outcome);
      if (outcome === "already_checked_in" && details.first_at) {
        text += " · " + timeFormat.format(new Date(details.first_at));
        if (details.door) { text += " · " + details.door; }
      }
      text += lists.describe(outcome, details);
      result.hidden = false;
      result.setAttribute("data-result", outcome);
      result.className = "scan-result outcome-" + outcome;
      result.querySelector("[data-outcome]").textContent = text;
      result.querySelector("[data-name]").textContent = details.name || "";
      result.querySelector("[data-name-ar]").textContent = details.name_ar || "";
      result.querySelector("[data-category]").textContent = details.category || "";
      result.querySelector("[data-no-photo]").hidden = details.photo_consent !== false;
      result.querySelector("[data-decided-here]").hidden = !decidedHere;
    }

    function showRefused(refused) {
      status.refusedBox.hidden = !refused.length;
      status.refused.textContent = String(refused.length);
      status.refusedList.replaceChildren.apply(status.refusedList, refused.map(function (scan) {
        var item = document.createElement("li");
        var at = new Date(scan.at);
        item.textContent = (isNaN(at) ? "" : clockFormat.format(at) + " · ") + scan.reason;
        return item;
      }));
    }

    // state: online, signedOut, lastSync (a Date or null), listFetchedAt (ms or null), store (or null).
    function showStatus(state) {
      status.box.setAttribute("data-online", state.online ? "true" : "false");
      status.network.textContent = label(state.signedOut ? "signed-out" : state.online ? "online" : "offline");
      status.signIn.hidden = !state.signedOut;
      status.sync.textContent = state.lastSync ? clockFormat.format(state.lastSync) : "—";
      if (state.listFetchedAt) {
        var minutes = Math.round((Date.now() - state.listFetchedAt) / 60000);
        status.list.textContent = ageFormat.format(-minutes, "minute");
      } else {
        status.list.textContent = "—";
      }
      if (state.store) {
        state.store.count("queue").then(function (waiting) { status.queue.textContent = String(waiting); });
        state.store.all("refused").then(showRefused);
      }
    }

    return { label: label, show: show, showStatus: showStatus };
  };
})();
