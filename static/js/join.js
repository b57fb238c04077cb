// Join form: when a known organisation is typed, pre-select its type.
// Matching is case- and space-insensitive, like the server's.
(function () {
  "use strict";
  const data = document.getElementById("known-org-types");
  const input = document.getElementById("organisation");
  if (!data || !input) return;
  const known = JSON.parse(data.textContent);
  const normalise = (s) => s.normalize("NFKC").toLocaleLowerCase("fi").split(/\s+/).filter(Boolean).join(" ");
  function prefill() {
    const type = known[normalise(input.value)];
    if (!type) return;
    const radio = document.querySelector('input[name="org_type"][value="' + CSS.escape(type) + '"]');
    if (radio) radio.checked = true;
  }
  input.addEventListener("change", prefill);
  input.addEventListener("input", prefill);
})();
