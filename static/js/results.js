// The voting results on the projector stay current without reloading the page: every 15 s
// the page is fetched again and its results (and the "voting open" pill) replace the old
// ones. A reload (the old <meta http-equiv="refresh">) would move keyboard focus away and
// is an automatic refresh the viewer cannot stop (axe-core: meta-refresh).
(function () {
  "use strict";
  const EVERY_MS = 15000;
  const parts = [".results-grid", ".results-workshop"];
  async function refresh() {
    try {
      const response = await fetch(window.location.href, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      for (const selector of parts) {
        const now = document.querySelector(selector);
        const next = fresh.querySelector(selector);
        if (now && next && now.innerHTML !== next.innerHTML) now.replaceWith(next);
      }
    } catch {
      // offline for a moment: the next round tries again
    }
  }
  window.setInterval(refresh, EVERY_MS);
})();
