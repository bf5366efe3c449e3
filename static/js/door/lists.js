// The scanner's check-in lists (docs/door-protocol.md): the day's entrance, or one of today's marked sessions
// (registration/attendance), with an Entry/Exit switch where the session scans exits. The sessions come with the
// local list; offline, a session's entry is decided against what this device saw and its own count: the server's
// last count of people inside plus this device's entries and exits not yet answered.
(function () {
  "use strict";
  var LIST_KEY = "plenary.door.list";

  window.PlenaryDoorLists = function (scanner) {
    var select = scanner.querySelector("[data-list-input]");
    var field = scanner.querySelector("[data-list-field]");
    var directionField = scanner.querySelector("[data-direction-field]");
    var countLine = scanner.querySelector("[data-list-count]");
    var searchForm = scanner.querySelector("[data-search-form]");
    var sessions = {};
    var store = null;

    function label(name) { return scanner.getAttribute("data-label-" + name) || ""; }

    function current() {
      var session = select.value ? sessions[select.value] : null;
      return session || null;
    }

    function direction() {
      var checked = directionField.querySelector("input:checked");
      var session = current();
      return session && session.exit_scans && checked ? checked.value : "entry";
    }

    function remember() {
      try { window.localStorage.setItem(LIST_KEY, select.value); } catch (e) { /* private mode */ }
    }

    function showCount(inside) {
      var session = current();
      countLine.hidden = !session;
      if (!session) { return; }
      countLine.textContent = label("inside") + ": " + inside + (session.seats ? " / " + session.seats : "");
    }

    function refreshView() {
      var session = current();
      directionField.hidden = !(session && session.exit_scans);
      searchForm.hidden = Boolean(session);  // the name search checks people in for the day's entrance only
      if (session) { localCount(session.id).then(showCount); } else { showCount(0); }
    }

    // What the device counts inside a session: the server's last count and what it has not heard yet.
    function localCount(id) {
      return Promise.all([store.get("meta", "inside:" + id), store.all("queue")]).then(function (found) {
        var count = found[0] || 0;
        found[1].forEach(function (queued) {
          if (queued.session === id) { count += queued.direction === "exit" ? -1 : 1; }
        });
        return Math.max(count, 0);
      });
    }

    function setSessions(list) {
      var chosen = select.value;
      try { chosen = chosen || window.localStorage.getItem(LIST_KEY) || ""; } catch (e) { /* private mode */ }
      sessions = {};
      (list || []).forEach(function (session) { sessions[String(session.id)] = session; });
      while (select.options.length > 1) { select.remove(1); }
      (list || []).forEach(function (session) {
        var option = document.createElement("option");
        option.value = String(session.id);
        option.textContent = session.title;
        select.appendChild(option);
      });
      select.value = sessions[chosen] ? chosen : "";
      field.hidden = !(list && list.length);
      refreshView();
    }

    select.addEventListener("change", function () { remember(); refreshView(); });
    directionField.addEventListener("change", refreshView);

    return {
      use: function (opened) {
        store = opened;
        return store.get("meta", "sessions").then(setSessions);
      },
      // The list's sessions, and the server's counts of people inside them.
      changes: function (list) {
        var meta = { sessions: list.sessions || [] };
        (list.sessions || []).forEach(function (session) { meta["inside:" + session.id] = session.inside; });
        return meta;
      },
      applied: function (list) { setSessions(list.sessions || []); },
      // What a queued scan carries: nothing for the day's entrance (as before lists existed).
      fields: function () {
        var session = current();
        return session ? { session: session.id, direction: direction() } : {};
      },
      // The device's decision for a session's scan of a known, valid badge; null for the day's entrance.
      decide: function (h, entry, queued) {
        var session = queued.session ? sessions[String(queued.session)] : null;
        if (!session) { return Promise.resolve(null); }
        return Promise.all([store.get("meta", "seen:" + session.id), localCount(session.id)]).then(function (found) {
          var seen = found[0] || {};
          if (queued.direction === "exit") { return { outcome: "left", details: entry, seen: seen, session: session }; }
          if (seen[h]) { return { outcome: "already_inside", details: entry, seen: seen, session: session }; }
          if (session.seats && found[1] >= session.seats) {
            return { outcome: "session_full", details: entry, seen: seen, session: session };
          }
          return { outcome: "admitted", details: entry, seen: seen, session: session };
        });
      },
      // The store's changes for a session decision: who this device saw inside.
      remembered: function (decision, h) {
        var seen = Object.assign({}, decision.seen);
        if (decision.outcome === "admitted") { seen[h] = true; }
        if (decision.outcome === "left") { delete seen[h]; }
        var meta = {};
        meta["seen:" + decision.session.id] = seen;
        return meta;
      },
      // The server's answers carry its count for the session.
      answered: function (results) {
        var meta = {};
        results.forEach(function (result) {
          if (result.session && typeof result.inside === "number") { meta["inside:" + result.session] = result.inside; }
        });
        return meta;
      },
      // Who this device saw inside, corrected by the server's answers (a full room, a duplicate).
      settled: function (batch, answered) {
        var touched = {};
        batch.forEach(function (queued) {
          if (queued.session && answered[queued.nonce]) { touched[queued.session] = true; }
        });
        var ids = Object.keys(touched);
        return Promise.all(ids.map(function (id) { return store.get("meta", "seen:" + id); })).then(function (found) {
          var meta = {};
          ids.forEach(function (id, index) {
            var seen = Object.assign({}, found[index] || {});
            batch.forEach(function (queued) {
              var outcome = answered[queued.nonce];
              if (String(queued.session) !== id || !outcome) { return; }
              if (["admitted", "already_inside", "duplicate"].indexOf(outcome.outcome) !== -1) { seen[queued.h] = true; }
              if (["left", "session_full"].indexOf(outcome.outcome) !== -1) { delete seen[queued.h]; }
            });
            meta["seen:" + id] = seen;
          });
          return meta;
        });
      },
      describe: function (outcome, details) {
        var session = current();
        if (!session || typeof details.inside !== "number") { return ""; }
        return " · " + details.inside + (details.seats ? " / " + details.seats : "");
      },
      refresh: refreshView
    };
  };
})();
