(article) => {
  const skip = "pre, code, script, style, .katex, .clipboard-copy-txt, [hidden]";
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest(skip)) parts.push(node.textContent);
  }
  // A display formula takes the room of KaTeX's box and margins, no blank lines around it.
  const padded = [...article.querySelectorAll("div.arithmatex")].flatMap((div) => {
    const box = div.querySelector(".katex-display");
    if (!box) return [];
    const style = getComputedStyle(box);
    const own = box.getBoundingClientRect().height
      + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
    const extra = div.getBoundingClientRect().height - own;
    const tex = (div.querySelector("annotation") ?? div).textContent.trim();
    return extra > 4 ? [`${Math.round(extra)} px around ${tex.slice(0, 50)}`] : [];
  });
  return {
    text: parts.join(""),
    errors: [...article.querySelectorAll(".katex-error")].map((e) => e.textContent),
    unrendered: [...article.querySelectorAll(".arithmatex")]
      .filter((m) => !m.querySelector(".katex")).map((m) => m.textContent),
    padded,
    rendered: article.querySelectorAll(".katex").length,
  };
}
