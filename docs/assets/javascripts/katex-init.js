// Render the formulas on each page with the bundled KaTeX.
// Markdown pages: pymdownx.arithmatex (generic mode) wraps each formula in an element of
// class "arithmatex" holding \( ... \) or \[ ... \]. Notebook pages: the cells' Markdown
// keeps the author's $ ... $ and $$ ... $$. The navigation and table of contents repeat a
// heading's formula as plain text (\( ... \), or $ ... $ from a notebook), so they are
// rendered too.
// When a page's formulas are all typeset, its content element gets data-katex="rendered":
// auto-render is synchronous, so that moment is well defined, and the browser suite waits
// for the mark rather than for a guessed delay. The mark sits on the content, which the
// theme replaces on instant navigation, so a new page starts unmarked.
(function () {
  // A link whose only text is a formula has no accessible name for axe-core and some
  // screen readers, which compute none from KaTeX's MathML: name it by the formula's TeX.
  function nameFormulaLinks(root) {
    root.querySelectorAll(".md-content a").forEach(function (link) {
      if (link.hasAttribute("aria-label") || !link.querySelector(".katex")) return;
      var clone = link.cloneNode(true);
      clone.querySelectorAll(".katex").forEach(function (k) { k.remove(); });
      if (clone.textContent.trim() !== "") return;
      var tex = [].map.call(link.querySelectorAll(".katex annotation"), function (a) {
        return a.textContent.trim();
      });
      link.setAttribute("aria-label", tex.join(" "));
    });
  }

  function render(root) {
    var options = {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "\\[", right: "\\]", display: true },
        { left: "$", right: "$", display: false },
        { left: "\\(", right: "\\)", display: false },
      ],
      throwOnError: false,
    };
    root.querySelectorAll(".arithmatex, .jp-MarkdownOutput, .md-nav__link").forEach(function (el) {
      renderMathInElement(el, options);
    });
    nameFormulaLinks(root);
    var content = root.querySelector(".md-content") || root.body;
    content.dataset.katex = "rendered";
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { render(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { render(document); });
  }
})();
