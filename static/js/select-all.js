// The queue's "select all" box: shown only when this script runs (the form works without it), it ticks or
// unticks every registration box of its form and shows "some" when only part of them are ticked.
(function () {
  "use strict";
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var form = all.form;
    var boxes = function () {
      return Array.prototype.filter.call(form.elements, function (element) {
        return element.type === "checkbox" && element.name === all.dataset.selectAll;
      });
    };
    var sync = function () {
      var ticked = boxes().filter(function (box) { return box.checked; }).length;
      all.checked = ticked > 0 && ticked === boxes().length;
      all.indeterminate = ticked > 0 && ticked < boxes().length;
    };
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
      all.indeterminate = false;
    });
    form.addEventListener("change", function (event) {
      if (event.target !== all) { sync(); }
    });
    sync();
  });
})();
