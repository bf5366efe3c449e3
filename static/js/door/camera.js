// The scanner's camera: the browser's own BarcodeDetector where it reads QR codes, elsewhere (Firefox, iPhone
// Safari, Debian's Chromium) the same API from static/vendor/barcode-detector, whose decoder (zxing-wasm) is
// loaded from Plenary's static files, never from a CDN.
(function () {
  "use strict";

  function nativeDetector() {
    if (!("BarcodeDetector" in window)) { return Promise.resolve(null); }
    return window.BarcodeDetector.getSupportedFormats()
      .then(function (formats) {
        return formats.indexOf("qr_code") === -1 ? null : new window.BarcodeDetector({ formats: ["qr_code"] });
      })
      .catch(function () { return null; });
  }

  function shippedDetector(wasmUrl) {
    var api = window.BarcodeDetectionAPI;
    api.prepareZXingModule({
      overrides: {
        locateFile: function (path, prefix) { return path.endsWith(".wasm") ? wasmUrl : prefix + path; }
      },
      fireImmediately: true
    });
    return new api.BarcodeDetector({ formats: ["qr_code"] });
  }

  function available() {
    return Boolean(navigator.mediaDevices && navigator.mediaDevices.getUserMedia &&
      ("BarcodeDetector" in window || window.BarcodeDetectionAPI));
  }

  // Starts the camera in `video` and calls onCode(text) for each QR code read; the same code in front of the
  // camera counts once every few seconds.
  function start(video, wasmUrl, onCode) {
    var last = "";
    var lastAt = 0;
    return nativeDetector()
      .then(function (detector) {
        var reader = detector || shippedDetector(wasmUrl);
        return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
          .then(function (stream) {
            video.srcObject = stream;
            video.hidden = false;
            return video.play();
          })
          .then(function () { return reader; });
      })
      .then(function (reader) {
        function look() {
          reader.detect(video)
            .then(function (codes) {
              var now = Date.now();
              if (codes.length && (codes[0].rawValue !== last || now - lastAt > 4000)) {
                last = codes[0].rawValue;
                lastAt = now;
                onCode(last);
              }
            })
            .catch(function () { /* a frame that could not be read */ })
            .then(function () { window.setTimeout(look, 200); });
        }
        look();
      });
  }

  window.PlenaryDoorCamera = { available: available, start: start };
})();
