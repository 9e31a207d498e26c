// Doctest blocks (their first line starts with ">>> "): the copy button copies the code
// alone, without the ">>> " and "... " prompts and without the printed output, so that a
// reader can paste it into Python and run it. The theme's copy button copies the text of
// the nearest element carrying data-copy, when there is one; the code element gets it.
// The prompts and output lines are wrapped in spans that CSS makes unselectable, so a
// selection by hand picks up the same code; on screen nothing changes.
// When a page's blocks are prepared, its content element gets data-doctest-copy="ready"
// (what the browser suite waits for).
(function () {
  var FIRST = /^>>> /;
  var START = /^>>>(?: |$)/;
  var CONTINUATION = /^\.\.\.(?: |$)/;

  // The lines of a doctest, each with its offset in the text and what it is: a source
  // line (with the length of its prompt), an output line, or a blank line (which ends an
  // output, as in Python's doctest module).
  function classify(text) {
    var lines = [];
    var offset = 0;
    var inSource = false;
    text.split("\n").forEach(function (line) {
      var kind;
      var prompt = 0;
      if (START.test(line) || (inSource && CONTINUATION.test(line))) {
        kind = "source";
        prompt = Math.min(4, line.length);
        inSource = true;
      } else if (line.trim() === "") {
        kind = "blank";
        inSource = false;
      } else {
        kind = "output";
        inSource = false;
      }
      lines.push({ kind: kind, start: offset, length: line.length, prompt: prompt });
      offset += line.length + 1;
    });
    return lines;
  }

  // Wrap the characters [start, end) of the element's text in spans of the given class,
  // one span per text node they cross, so the highlighter's token spans stay intact.
  function wrap(element, start, end, className) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var pieces = [];
    var position = 0;
    for (var node = walker.nextNode(); node && position < end; node = walker.nextNode()) {
      var from = Math.max(start, position) - position;
      var to = Math.min(end, position + node.data.length) - position;
      if (from < to) pieces.push([node, from, to]);
      position += node.data.length;
    }
    pieces.forEach(function (piece) {
      var text = piece[0];
      if (piece[2] < text.data.length) text.splitText(piece[2]);
      if (piece[1] > 0) text = text.splitText(piece[1]);
      var span = document.createElement("span");
      span.className = className;
      text.parentNode.insertBefore(span, text);
      span.appendChild(text);
    });
  }

  function prepare(code) {
    var text = code.textContent;
    if (!FIRST.test(text) || code.hasAttribute("data-copy")) return;
    var lines = classify(text);
    var source = lines
      .filter(function (line) { return line.kind === "source"; })
      .map(function (line) { return text.slice(line.start + line.prompt, line.start + line.length); });
    code.setAttribute("data-copy", source.join("\n"));
    // From the last line to the first, so that splitting text nodes never shifts an
    // offset still to be used.
    lines.slice().reverse().forEach(function (line) {
      if (line.kind === "source" && line.prompt) {
        wrap(code, line.start, line.start + line.prompt, "doctest-prompt");
      } else if (line.kind === "output") {
        wrap(code, line.start, line.start + line.length + 1, "doctest-output");
      }
    });
  }

  function prepareAll(root) {
    var content = root.querySelector(".md-content") || root.body;
    // Notebook cells hold no doctests and keep mkdocs-jupyter's own copy button.
    content.querySelectorAll(".highlight:not(.highlight-ipynb) pre > code").forEach(prepare);
    content.dataset.doctestCopy = "ready";
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { prepareAll(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { prepareAll(document); });
  }
})();
