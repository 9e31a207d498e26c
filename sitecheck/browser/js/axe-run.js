async ({ within, options, sampleCode }) => {
  // axe-core (already in the page) on the page, or within one selector's elements.
  //
  // sampleCode: inside code blocks (pre), judge one element per distinct look, not all of
  // them. The colour rules judge an element's own text by its colour, size, weight and what
  // is behind it, and a code block's thousands of highlighted tokens share a few dozen looks.
  // An element's look is its own and every ancestor's computed text and background styles,
  // up to the root. Of the elements with a look, the first fully inside its block's box is
  // the one judged (one scrolled out of a block's view is not judged by axe-core at all).
  // Everything outside code blocks is judged in full.
  let context = within ? { include: [[within]] } : document;
  if (sampleCode) {
    const blocks = [...document.querySelectorAll("pre")];
    const looks = new Map();
    const lookOf = (element) => {
      if (!element) return "";
      if (!looks.has(element)) {
        const s = getComputedStyle(element);
        looks.set(element, [element.tagName, s.color, s.fontSize, s.fontWeight, s.fontStyle,
          s.textShadow, s.backgroundColor, s.backgroundImage, s.opacity, s.mixBlendMode,
          s.filter, lookOf(element.parentElement)].join("|"));
      }
      return looks.get(element);
    };
    const hasText = (element) => [...element.childNodes].some(
      (node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
    const inView = (element) => {
      const own = element.getBoundingClientRect();
      const box = element.closest("pre").getBoundingClientRect();
      return own.width > 0 && own.left >= box.left && own.right <= box.right;
    };
    const chosen = new Map();
    for (const block of blocks) {
      for (const element of [block, ...block.querySelectorAll("*")]) {
        if (!hasText(element)) continue;
        const look = lookOf(element);
        const held = chosen.get(look);
        if (held === undefined || (!inView(held) && inView(element))) chosen.set(look, element);
      }
    }
    // An include inside an exclude is judged: axe-core takes the nearest of the two.
    context = { include: [document, ...chosen.values()], exclude: blocks };
  }
  const results = await axe.run(context, options);
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    nodes: violation.nodes.map((node) => ({ target: node.target.join(" "), html: node.html })),
  }));
}
