// The door's IndexedDB database (docs/door-protocol.md): the local list, what this device admitted, the queue
// of scans not yet answered by the server, the scans the server refused as malformed (set aside, shown), and a
// few facts about the list. Badge tokens never enter it: only
// their SHA-256. A small wrapper, so every write waits for its transaction to commit.
(function () {
  "use strict";
  var NAME = "plenary-door";
  var STORES = ["entries", "revoked", "admitted", "queue", "meta", "refused"];

  function promised(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function committed(transaction) {
    return new Promise(function (resolve, reject) {
      transaction.oncomplete = function () { resolve(); };
      transaction.onerror = transaction.onabort = function () { reject(transaction.error); };
    });
  }

  function Store(db) { this.db = db; }

  Store.prototype.get = function (store, key) {
    return promised(this.db.transaction(store).objectStore(store).get(key));
  };

  Store.prototype.all = function (store) {
    return promised(this.db.transaction(store).objectStore(store).getAll());
  };

  Store.prototype.count = function (store) {
    return promised(this.db.transaction(store).objectStore(store).count());
  };

  // changes: {clear: [store], put: {store: [value]}, remove: {store: [key]}, meta: {key: value}}, in one
  // transaction, so a list update or an answered batch is applied whole or not at all.
  Store.prototype.apply = function (changes) {
    var transaction = this.db.transaction(STORES, "readwrite");
    (changes.clear || []).forEach(function (store) { transaction.objectStore(store).clear(); });
    Object.keys(changes.put || {}).forEach(function (store) {
      var objects = transaction.objectStore(store);
      changes.put[store].forEach(function (value) { objects.put(value); });
    });
    Object.keys(changes.remove || {}).forEach(function (store) {
      var objects = transaction.objectStore(store);
      changes.remove[store].forEach(function (key) { objects.delete(key); });
    });
    var meta = transaction.objectStore("meta");
    Object.keys(changes.meta || {}).forEach(function (key) { meta.put(changes.meta[key], key); });
    return committed(transaction);
  };

  function open() {
    var request = window.indexedDB.open(NAME, 2);
    request.onupgradeneeded = function (event) {
      var db = request.result;
      if (event.oldVersion < 1) {
        ["entries", "revoked", "admitted"].forEach(function (store) { db.createObjectStore(store, { keyPath: "h" }); });
        db.createObjectStore("queue", { keyPath: "nonce" });
        db.createObjectStore("meta");
      }
      if (event.oldVersion < 2) { db.createObjectStore("refused", { keyPath: "nonce" }); }
    };
    return promised(request).then(function (db) {
      db.onversionchange = function () { db.close(); };  // another tab wipes: let it
      return new Store(db);
    });
  }

  function wipe(store) {
    if (store) { store.db.close(); }
    return promised(window.indexedDB.deleteDatabase(NAME));
  }

  window.PlenaryDoorStore = { open: open, wipe: wipe, NAME: NAME };
})();
