// The check-in desk: scans a badge's QR code with the device camera where the browser has the
// BarcodeDetector API, fills the code in and submits the form; elsewhere the code is typed (or
// entered by a handheld scanner, which types it).
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  var button = document.getElementById("scan-start");
  var video = document.getElementById("scan-video");
  if (!form || !button || !video) return;
  var input = form.querySelector("input[name=code]");
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  button.hidden = false;
  var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  var stream = null;

  function stop() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    video.hidden = true;
  }

  function scan() {
    if (!stream) return;
    detector.detect(video).then(function (codes) {
      if (codes.length) {
        input.value = codes[0].rawValue;
        stop();
        form.submit();
      } else {
        window.requestAnimationFrame(scan);
      }
    }).catch(function () { window.requestAnimationFrame(scan); });
  }

  button.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      return video.play();
    }).then(scan).catch(stop);
  });
})();
