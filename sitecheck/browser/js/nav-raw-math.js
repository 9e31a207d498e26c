() => [...document.querySelectorAll(".md-nav__link")].map((link) => {
  const clone = link.cloneNode(true);
  clone.querySelectorAll(".katex").forEach((k) => k.remove());
  return clone.textContent.trim();
}).filter((text) => /\\\(|\\\[|\$/.test(text))
