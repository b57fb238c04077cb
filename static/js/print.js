// The printable plan: show the print button only where a script runs (not in a saved file).
(function () {
  "use strict";
  const button = document.getElementById("print-plan");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => window.print());
})();
