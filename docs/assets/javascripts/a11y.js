// Two accessibility fixes that markup alone cannot make (axe-core's rules in brackets):
// - the theme's search panel is a role="dialog" without a name [aria-dialog-name]: it
//   gets the name of its own input, "Search";
// - a notebook cell's code, a display formula or a table scrolls sideways when it is wide, and
//   keyboard users can scroll only what they can focus [scrollable-region-focusable]: such
//   an element becomes focusable, and only while it overflows (no CSS makes an element
//   focusable). The theme's own code blocks already do this. Formulas are measured after
//   KaTeX has typeset them: katex-init.js comes first in extra_javascript, so its
//   document$ subscriber runs first.
// When done, the page's content element gets data-a11y="ready" (what the browser suite
// waits for before it runs axe-core).
(function () {
  var SCROLLERS = ".highlight-ipynb, .md-typeset div.arithmatex, .md-typeset__scrollwrap";

  function focusOverflowing(content) {
    content.querySelectorAll(SCROLLERS).forEach(function (el) {
      if (el.scrollWidth > el.clientWidth) {
        el.setAttribute("tabindex", "0");
      } else {
        el.removeAttribute("tabindex");
      }
    });
  }

  function fix(root) {
    var search = root.querySelector(".md-search[role=dialog]");
    var input = root.querySelector(".md-search__input");
    if (search && !search.hasAttribute("aria-label")) {
      search.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || "Search");
    }
    var content = root.querySelector(".md-content") || root.body;
    focusOverflowing(content);
    content.dataset.a11y = "ready";
  }

  window.addEventListener("resize", function () {
    focusOverflowing(document.querySelector(".md-content") || document.body);
  });
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { fix(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { fix(document); });
  }
})();
