// The door scanner (templates/registration/checkin.html) and the door field of a badge's page.
// A USB or Bluetooth scanner types the code into the focused input and presses Enter; a phone uses its camera
// (static/js/door/camera.js); the desk can search by name. Every scan is decided against the local list and
// queued in IndexedDB (static/js/door/store.js) before it is sent, so nothing typed is lost, online or not;
// the server's answer replaces the local decision when it comes within 3 s (docs/door-protocol.md).
(function () {
  "use strict";
  var DOOR_KEY = "plenary.door";
  var ANSWER_WITHIN_MS = 3000;
  var REFRESH_EVERY_MS = 30000;
  var RETRY_EVERY_MS = 5000;
  var BATCH_SIZE = 500;

  // A volunteer's door is chosen once per device and remembered (a paired device's door is fixed).
  document.querySelectorAll("[data-door-input]").forEach(function (input) {
    try {
      var remembered = window.localStorage.getItem(DOOR_KEY);
      if (remembered && input.querySelector('option[value="' + CSS.escape(remembered) + '"]')) { input.value = remembered; }
    } catch (e) { /* private mode */ }
    input.addEventListener("change", function () {
      try { window.localStorage.setItem(DOOR_KEY, input.value); } catch (e) { /* private mode */ }
    });
  });

  var scanner = document.querySelector(".scanner");
  if (!scanner) { return; }
  var form = scanner.querySelector("[data-scan-form]");
  var codeInput = form.querySelector("[name=code]");
  var doorInput = scanner.querySelector("[data-door-input]");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var lang = scanner.dataset.lang;

  var lists = window.PlenaryDoorLists(scanner);
  var screen = window.PlenaryDoorScreen(scanner, lists);
  var label = screen.label;
  var show = screen.show;
  var tokenOf = window.PlenaryDoorCodes.tokenOf;
  var sha256 = window.PlenaryDoorCodes.sha256;
  var deviceTime = window.PlenaryDoorCodes.deviceTime;
  var store = null;
  var online = true;
  var lastSync = null;
  var listFetchedAt = null;
  var shownNonce = null;
  var flushing = null;
  var wiped = false;
  var signedOut = false;  // the volunteer's session ended: the queue waits for them to sign in again

  function doorId() { return doorInput && doorInput.value ? Number(doorInput.value) : null; }

  function showStatus() {
    screen.showStatus({ online: online, signedOut: signedOut, lastSync: lastSync, listFetchedAt: listFetchedAt, store: store });
  }

  // --- The network: offline after an error or no answer within 3 s, back on the next success ---

  // An error the server answered, the network being there: a batch refused as malformed, too many requests.
  function answeredError(message, fields) { return Object.assign(new Error(message), { answered: true }, fields); }

  function toLoginPage(response) {
    return response.redirected && new URL(response.url).pathname === new URL(scanner.dataset.loginUrl, window.location.href).pathname;
  }

  function request(url, options) {
    var controller = new AbortController();
    var timer = window.setTimeout(function () { controller.abort(); }, ANSWER_WITHIN_MS);
    options = Object.assign({ credentials: "same-origin", signal: controller.signal }, options);
    // The endpoints have no language prefix: the header gives the list's categories in the page's language.
    options.headers = Object.assign({ Accept: "application/json", "Accept-Language": lang, "X-CSRFToken": csrf }, options.headers);
    return fetch(url, options)
      .then(function (response) {
        window.clearTimeout(timer);
        if (toLoginPage(response)) { signedOut = true; throw new Error("signed out"); }
        if ([400, 401, 403, 413, 429].indexOf(response.status) !== -1) {
          return response.json().catch(function () { return {}; }).then(function (body) {
            if (body.wipe) { return wipe().then(function () { throw new Error("wiped"); }); }
            // 401 or 403 without a wipe: the session ended, or its CSRF token went with it (signing in again
            // elsewhere rotates it), or the account is not the door's: signing in again is the way out.
            if (response.status === 401 || response.status === 403) { signedOut = true; throw new Error("signed out"); }
            if (response.status === 400 || response.status === 413) {
              throw answeredError("bad request", { refusedBy: body.error || String(response.status) });
            }
            throw answeredError("rate limited");
          });
        }
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (body) {
        online = true;
        signedOut = false;
        lastSync = new Date();
        if (store && !wiped) { store.apply({ meta: { last_sync: lastSync.getTime() } }); }  // shown after a reload
        showStatus();
        return body;
      }, function (error) {
        window.clearTimeout(timer);
        online = Boolean(error.answered);
        showStatus();
        throw error;
      });
  }

  // --- The local list ---

  function entryRecord(entry) {
    return {
      h: entry.h, ref: entry.ref, name: entry.name, name_ar: entry.name_ar, category: entry.category,
      photo_consent: entry.photo_consent, checked_in_today: entry.checked_in_today
    };
  }

  function applyList(list) {
    if (list.wipe || (list.wipe_after && Date.now() > Date.parse(list.wipe_after))) { return wipe(); }
    var removedRefs = {};
    (list.removed || []).forEach(function (ref) { removedRefs[ref] = true; });
    var stale = list.full ? Promise.resolve([]) : store.all("entries").then(function (entries) {
      return entries.filter(function (entry) { return removedRefs[entry.ref]; }).map(function (entry) { return entry.h; });
    });
    return stale.then(function (removedHashes) {
      listFetchedAt = Date.now();
      return store.apply({
        clear: list.full ? ["entries", "revoked"] : [],
        put: {
          entries: (list.entries || []).map(entryRecord),
          revoked: (list.revoked || []).map(function (h) { return { h: h }; })
        },
        remove: { entries: removedHashes.concat(list.revoked || []) },
        meta: Object.assign(lists.changes(list),
          { version: list.version, wipe_after: list.wipe_after || null, fetched_at: listFetchedAt, lang: lang })
      });
    }).then(function () { lists.applied(list); showStatus(); });
  }

  function refreshList() {
    if (wiped) { return Promise.resolve(); }
    var known = [store.get("meta", "version"), store.count("queue"), store.get("meta", "lang")];
    return Promise.all(known).then(function (known) {
      // The queue's length is for the secretariat's list of devices; a list in another language is fetched whole.
      var since = known[0] && known[2] === lang ? "&since=" + encodeURIComponent(known[0]) : "";
      var url = scanner.dataset.listUrl + "?queue=" + known[1] + since;
      return request(url, { method: "GET" }).then(applyList);
    }).catch(function () { /* offline: the list we have stays */ });
  }

  function wipeIfExpired() {
    if (wiped) { return Promise.resolve(); }
    return store.get("meta", "wipe_after").then(function (wipeAfter) {
      if (wipeAfter && Date.now() > Date.parse(wipeAfter)) { return wipe(); }
    });
  }

  // --- Scans: decided here, queued, then sent in batches ---

  // The conference's day of a moment (its time zone, as the server counts check-ins once per day).
  var dayFormat = new Intl.DateTimeFormat(lang, { year: "numeric", month: "2-digit", day: "2-digit", timeZone: scanner.dataset.timeZone, numberingSystem: "latn" });
  function conferenceDay(date) {
    return dayFormat.formatToParts(date).filter(function (part) { return part.type !== "literal"; })
      .map(function (part) { return part.type + part.value; }).sort().join();
  }

  function decide(h) {
    return Promise.all([store.get("revoked", h), store.get("entries", h), store.get("admitted", h)])
      .then(function (found) {
        var entry = found[1] || {};
        // Admitted here yesterday is not admitted today.
        var admitted = found[2] && conferenceDay(new Date(found[2].at)) === conferenceDay(new Date()) ? found[2] : null;
        if (found[0]) { return { outcome: "revoked", details: {} }; }
        if (!found[1]) { return { outcome: "unknown", details: {} }; }
        if (admitted || entry.checked_in_today) {
          return { outcome: "already_checked_in", details: Object.assign({ first_at: admitted && admitted.at }, entry) };
        }
        return { outcome: "checked_in", details: entry };
      });
  }

  function scan(code) {
    var at = new Date();
    var token = tokenOf(code);
    return sha256(token || code).then(function (h) { return scanHash(h, at); });
  }

  // A scan by the badge's hash: a code read, or a delegate found by name in the local list.
  function scanHash(h, at) {
    var queued = Object.assign(
      { nonce: window.crypto.randomUUID(), h: h, at: deviceTime(at), offline: !online, door: doorId() },
      lists.fields()
    );
    return decide(h).then(function (decision) {
      if (!queued.session || ["revoked", "unknown"].indexOf(decision.outcome) !== -1) { return decision; }
      return lists.decide(h, decision.details, queued);
    }).then(function (decision) {
      var changes = { put: { queue: [queued] } };
      if (decision.session) {
        changes.meta = lists.remembered(decision, h);
        // Turned away offline by this device's count: nobody came in, nothing to upload as a fact.
        if (decision.outcome === "session_full" && !online) { changes.put.queue = []; }
      } else if (decision.outcome === "checked_in") {
        changes.put.admitted = [{ h: h, at: queued.at }];
      }
      return store.apply(changes).then(function () {
        shownNonce = queued.nonce;
        if (!online) { show(decision.outcome, decision.details, true); }
        showStatus();
        lists.refresh();
        flush().then(function (answered) {
          if (shownNonce === queued.nonce && !answered[queued.nonce]) { show(decision.outcome, decision.details, true); }
        });
      });
    });
  }

  function settle(batch, answer) {
    var answered = {};
    var admitted = [];
    (answer.results || []).forEach(function (outcome) { answered[outcome.nonce] = outcome; });
    // Scans the server rejected as malformed (by their place in the batch): set aside with the reason, shown.
    var refused = (answer.rejected || []).map(function (rejected) { return batch[rejected.index] && refusal(batch[rejected.index], rejected.reason); })
      .filter(Boolean);
    batch.forEach(function (queued) {
      var outcome = answered[queued.nonce];
      if (outcome && !queued.session && ["checked_in", "already_checked_in", "duplicate"].indexOf(outcome.outcome) !== -1) {
        admitted.push({ h: queued.h, at: outcome.first_at || queued.at });
      }
    });
    var settled = Object.keys(answered).concat(refused.map(function (scan) { return scan.nonce; }));
    return lists.settled(batch, answered).then(function (seen) {
      var meta = Object.assign(seen, lists.answered(answer.results || []));
      return store.apply({ remove: { queue: settled }, put: { admitted: admitted, refused: refused }, meta: meta });
    }).then(function () {
      lists.refresh();
      var mine = shownNonce && answered[shownNonce];
      var scanned = mine && batch.filter(function (queued) { return queued.nonce === shownNonce; })[0];
      if (!scanned) { return answered; }
      return store.get("entries", scanned.h).then(function (entry) {
        show(mine.outcome, Object.assign({}, entry || {}, mine), false);
        return answered;
      });
    });
  }

  function refusal(queued, reason) { return { nonce: queued.nonce, h: queued.h, at: queued.at, reason: String(reason).slice(0, 300) }; }

  // Sends what waits, oldest first, in batches; one flush at a time (a scan during a flush waits for the next
  // round of the same flush). Resolves with the answers by nonce.
  function flush() {
    if (flushing) { return flushing.then(flush); }
    var answeredAll = {};
    var size = BATCH_SIZE;  // halved after a batch refused whole, to isolate its bad scans in a few requests
    function round() {
      if (wiped) { return Promise.resolve(answeredAll); }
      return store.all("queue").then(function (queue) {
        if (!queue.length) { return answeredAll; }
        queue.sort(function (a, b) { return a.at < b.at ? -1 : a.at > b.at ? 1 : 0; });
        // One door per batch: a volunteer may change doors while offline.
        var batch = queue.filter(function (queued) { return queued.door === queue[0].door; }).slice(0, size);
        // A scan the server did not answer in time was decided here: it is sent as an offline one, whose time
        // the server believes (an online scan's time must be close to the upload's).
        var scans = batch.map(function (queued) {
          var late = Date.now() - Date.parse(queued.at) > ANSWER_WITHIN_MS;
          var item = { nonce: queued.nonce, h: queued.h, at: queued.at, offline: queued.offline || late };
          return queued.session ? Object.assign(item, { session: queued.session, direction: queued.direction }) : item;
        });
        return request(scanner.dataset.scansUrl, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ scans: scans, door: queue[0].door, sent_at: deviceTime(new Date()), queue: queue.length })
        }).then(function (answer) { return settle(batch, answer); })
          .then(function (answered) {
            Object.assign(answeredAll, answered);
            size = Math.min(BATCH_SIZE, size * 2);  // past the bad scans, back to full batches
            return round();
          }, function (error) {
            if (!error.refusedBy) { throw error; }
            if (batch.length > 1) { size = Math.ceil(batch.length / 2); return round(); }
            // One scan the server will never take: set aside, never retried, never dropped silently.
            return store.apply({ remove: { queue: [batch[0].nonce] }, put: { refused: [refusal(batch[0], error.refusedBy)] } }).then(round);
          });
      });
    }
    flushing = round()
      .catch(function () { return answeredAll; })
      .then(function (answered) { flushing = null; showStatus(); return answered; });
    return flushing;
  }

  // --- Wiping: logout, revocation ({"wipe": true}), and the list's wipe_after ---

  function wipe() {
    wiped = true;
    var done = [window.PlenaryDoorStore.wipe(store)];
    if (window.caches) {
      done.push(window.caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) { return name.indexOf("plenary-door") === 0; })
          .map(function (name) { return window.caches.delete(name); }));
      }));
    }
    if (navigator.serviceWorker) {
      done.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.map(function (registration) { return registration.unregister(); }));
      }));
    }
    store = null;
    return Promise.all(done).then(function () {
      form.hidden = true;
      scanner.querySelector("[data-wiped]").hidden = false;
    });
  }

  document.querySelectorAll('a[href="' + scanner.dataset.logoutUrl + '"]').forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var leave = function () { window.location.href = link.href; };
      wipe().then(leave, leave);
    });
  });

  // --- Start: the database, the service worker, the list; typed codes wait for it in order ---

  var ready = window.PlenaryDoorStore.open()
    .then(function (opened) {
      store = opened;
      return lists.use(store);
    })
    .then(function () {
      return Promise.all([store.get("meta", "fetched_at"), store.get("meta", "last_sync")]);
    })
    .then(function (known) {
      listFetchedAt = known[0] || null;
      lastSync = known[1] ? new Date(known[1]) : null;
      return wipeIfExpired();
    })
    .then(function () { if (!wiped) { showStatus(); return refreshList(); } });
  var chain = ready;

  // The browser knows first when the network is gone; its return is confirmed by the next request.
  window.addEventListener("offline", function () { online = false; showStatus(); });
  window.addEventListener("online", function () { flush().then(refreshList); });

  if (navigator.serviceWorker && scanner.dataset.workerUrl) {
    navigator.serviceWorker.register(scanner.dataset.workerUrl).catch(function () { /* stays an online page */ });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = codeInput.value.trim();
    codeInput.value = "";
    codeInput.focus();
    if (!code) { return; }
    chain = chain.then(function () { if (!wiped) { return scan(code); } }).catch(function () { /* next scan */ });
  });

  ready.then(function () {
    flush();
    window.setInterval(function () { if (!wiped) { refreshList().then(wipeIfExpired); } }, REFRESH_EVERY_MS);
    // Offline (or signed out): try again; online, send what a refused or rate-limited round left.
    window.setInterval(function () {
      if (wiped) { return; }
      if (!online) { flush().then(refreshList); } else { flush(); }
    }, RETRY_EVERY_MS);
  });

  // Camera: the browser's QR reader, or the one shipped with Plenary.
  var cameraButton = scanner.querySelector("[data-camera]");
  var video = scanner.querySelector("[data-camera-view]");
  if (window.PlenaryDoorCamera && window.PlenaryDoorCamera.available()) {
    cameraButton.hidden = false;
    cameraButton.addEventListener("click", function () {
      cameraButton.hidden = true;
      window.PlenaryDoorCamera.start(video, scanner.dataset.decoderUrl, function (code) {
        chain = chain.then(function () { if (!wiped) { return scan(code); } }).catch(function () { /* next scan */ });
      }).catch(function () { cameraButton.hidden = false; });
    });
  }

  // Search by name, for delegates without their badge: the server's search online, the local list offline
  // (its entries, and the hashes this device admitted today).
  function localList() {
    if (!store) { return Promise.resolve([[], {}]); }
    return Promise.all([store.all("entries"), store.all("admitted")]).then(function (found) {
      var today = conferenceDay(new Date());
      var admitted = {};
      found[1].forEach(function (record) { if (conferenceDay(new Date(record.at)) === today) { admitted[record.h] = true; } });
      return [found[0], admitted];
    });
  }

  function checkInLocal(h) {
    chain = chain.then(function () { if (!wiped) { return scanHash(h, new Date()); } }).catch(function () { /* next scan */ });
    codeInput.focus();
  }

  function checkInRegistration(id) {
    var body = new FormData();
    body.append("registration", id);
    if (doorId()) { body.append("door", doorId()); }
    body.append("lang", lang);
    return fetch(scanner.dataset.scanUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, Accept: "application/json" }
    })
      .then(function (response) {
        if (response.status === 429) { return { result: "rate_limited" }; }
        if (!response.ok) { return { result: "error" }; }
        return response.json();
      })
      .catch(function () { return { result: "error" }; })
      .then(function (answer) {
        shownNonce = null;
        show(answer.result, Object.assign({ first_at: answer.first_checked_in_at }, answer), false);
        codeInput.focus();
      });
  }

  window.PlenaryDoorSearch(scanner, {
    label: label, lang: lang, checkIn: checkInRegistration, checkInLocal: checkInLocal, localList: localList,
    offline: function () { return !online; }
  });
})();
