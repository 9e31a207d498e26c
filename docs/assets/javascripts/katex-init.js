// Render the formulas on each page with the bundled KaTeX.
// Markdown pages: pymdownx.arithmatex (generic mode) wraps each formula in an element of
// class "arithmatex" holding \( ... \) or \[ ... \]. Notebook pages: the cells' Markdown
// keeps the author's $ ... $ and $$ ... $$. The navigation and table of contents repeat a
// heading's formula as plain text (\( ... \), or $ ... $ from a notebook), so they are
// rendered too.
(function () {
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
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { render(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { render(document); });
  }
})();
