// What the scanner makes of a scanned code (docs/door-protocol.md): the badge's token, its SHA-256 (all a device
// stores or sends), and the device's time with its offset.
(function () {
  "use strict";
  var TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

  function tokenOf(code) {
    code = code.trim().slice(0, 512);
    if (code.indexOf("/") !== -1) {
      var path = code.split(/[?#]/)[0].replace(/^[a-z]+:\/\/[^/]*/i, "").replace(/\/+$/, "").split("/");
      code = path.length >= 2 && path[path.length - 2] === "b" ? path[path.length - 1] : "";
    }
    return TOKEN.test(code) ? code : "";
  }

  function sha256(text) {
    return window.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (digest) {
      return Array.from(new Uint8Array(digest), function (byte) { return byte.toString(16).padStart(2, "0"); }).join("");
    });
  }

  function deviceTime(date) {  // ISO 8601 with the device's offset, as the contract asks
    var offset = -date.getTimezoneOffset();
    var local = new Date(date.getTime() + offset * 60000).toISOString().slice(0, -1);
    var sign = offset >= 0 ? "+" : "-";
    var hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0");
    return local + sign + hours + ":" + String(Math.abs(offset) % 60).padStart(2, "0");
  }

  window.PlenaryDoorCodes = { tokenOf: tokenOf, sha256: sha256, deviceTime: deviceTime };
})();
