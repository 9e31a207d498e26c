// Render the formulas on each page with the bundled KaTeX.
// Markdown pages: pymdownx.arithmatex (generic mode) wraps each formula in an element of
// class "arithmatex" holding \( ... \) or \[ ... \]. Notebook pages: the cells' Markdown
// keeps the author's $ ... $ and $$ ... $$.
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
    root.querySelectorAll(".arithmatex, .jp-MarkdownOutput").forEach(function (el) {
      renderMathInElement(el, options);
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { render(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { render(document); });
  }
})();
