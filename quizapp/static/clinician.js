// The clinician pages work without this file: it adds copy buttons, a live total of minutes with quick
// picks on the new-assignment form, and hides the "swipe sideways" hint under tables that fit.
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      area.remove();
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    var scope = button.closest(".share") || document;
    var status = scope.querySelector(".copied");
    if (!source) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var what = button.dataset.copy === "share-code" ? "The code" : "The link";
      copyText(source.textContent.trim()).then(function () {
        if (status) { status.textContent = what + " is copied."; }
      }, function () {
        if (status) { status.textContent = "Copying did not work here: select the text and copy it."; }
      });
    });
  });

  var form = document.querySelector("form.new-assignment");
  if (form) {
    var minutes = JSON.parse(form.dataset.minutes || "{}");
    var boxes = form.querySelectorAll('input[name="modules"]');
    var total = document.getElementById("minutes-total");
    var update = function () {
      var sum = 0, ticked = 0;
      boxes.forEach(function (box) {
        if (box.checked) { sum += minutes[box.value] || 0; ticked += 1; }
      });
      total.textContent = ticked ? "In all: about " + sum + " minutes of reading." : "No topics ticked yet.";
    };
    boxes.forEach(function (box) { box.addEventListener("change", update); });
    form.querySelectorAll("[data-pick]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var pick = link.dataset.pick.split(" ");
        event.preventDefault();
        boxes.forEach(function (box) { box.checked = pick.indexOf(box.value) !== -1; });
        update();
      });
    });
  }

  document.querySelectorAll(".scroll-hint").forEach(function (hint) {
    var box = hint.nextElementSibling;
    if (!box || !box.classList.contains("table-scroll")) { return; }
    var check = function () { hint.hidden = box.scrollWidth <= box.clientWidth + 1; };
    check();
    window.addEventListener("resize", check);
  });
}());
