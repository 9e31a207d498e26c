() => {
  // Make every code token of one kind nearly as pale as the code's background, and name
  // its class: the kind of the first highlighted token that holds a word of its own
  // (axe-core does not judge text of punctuation alone, such as a doctest's ">>>");
  // null where the page has no such token.
  const token = [...document.querySelectorAll("article pre code span[class]")].find(
    (span) => !span.firstElementChild && /\p{L}/u.test(span.textContent));
  if (!token) return null;
  const kind = token.classList[0];
  const style = document.createElement("style");
  style.textContent = `pre code span.${CSS.escape(kind)} { color: #e0e0e0 !important; }`;
  document.head.append(style);
  return kind;
}
