// Every page's forms (loaded by base.html):
// - after the server refused a form, focus goes to its first field marked invalid
//   (aria-invalid="true"; a fieldset of radios: its first choice), so that a keyboard or
//   screen-reader user lands where the fix is;
// - switching the language keeps what was typed: the language form saves the page's other
//   fields in sessionStorage, and the page (reloaded in the new language) fills them back
//   in where they are empty. Passwords, hidden and file inputs are never kept.
(function () {
  "use strict";
  const KEY = "aihio:typed:" + location.pathname;

  function firstInvalid() {
    const marked = document.querySelector("main form [aria-invalid=true]");
    if (!marked) return null;
    if (marked.matches("fieldset")) return marked.querySelector("input, select, textarea");
    return marked;
  }

  function keptFields() {
    return Array.from(document.querySelectorAll("main form [name]")).filter(
      (field) =>
        field.matches("input, select, textarea") &&
        !field.closest(".lang-switch") &&
        !["password", "hidden", "file", "submit", "button"].includes(field.type) &&
        field.name !== "csrf_token",
    );
  }

  function save() {
    const values = {};
    for (const field of keptFields()) {
      const id = field.form ? (field.form.id || field.form.getAttribute("action") || "") : "";
      const key = id + "|" + field.name + (field.type === "radio" || field.type === "checkbox" ? "|" + field.value : "");
      values[key] = field.type === "radio" || field.type === "checkbox" ? field.checked : field.value;
    }
    try {
      sessionStorage.setItem(KEY, JSON.stringify(values));
    } catch (error) {
      /* private mode: nothing kept */
    }
  }

  function restore() {
    let values = null;
    try {
      values = JSON.parse(sessionStorage.getItem(KEY) || "null");
      sessionStorage.removeItem(KEY);
    } catch (error) {
      return;
    }
    if (!values) return;
    for (const field of keptFields()) {
      const id = field.form ? (field.form.id || field.form.getAttribute("action") || "") : "";
      const checkable = field.type === "radio" || field.type === "checkbox";
      const key = id + "|" + field.name + (checkable ? "|" + field.value : "");
      if (!(key in values)) continue;
      if (checkable) {
        if (values[key]) field.checked = true;
      } else if (!field.value) {
        field.value = values[key];
      }
    }
  }

  for (const form of document.querySelectorAll(".lang-switch")) form.addEventListener("submit", save);
  restore();
  const invalid = firstInvalid();
  if (invalid) invalid.focus();
})();
