// The consult sheet's Print button. It only adds to the page: without JavaScript the page says how to print.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("print-sheet");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
