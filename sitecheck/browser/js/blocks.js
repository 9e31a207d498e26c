(article) => {
  const events = [];
  const walker = document.createTreeWalker(
    article, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_COMMENT);
  let number = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.COMMENT_NODE) {
      events.push({ comment: node.textContent });
    } else if (node.matches("pre > code") && !node.closest(".jp-Cell")) {
      number += 1;
      node.dataset.survey = String(number);
      const box = node.closest(".highlight");
      const title = box && box.querySelector(":scope > .filename");
      events.push({
        number,
        shown: node.innerText,
        title: title ? title.textContent : null,
        button: !!node.parentElement.querySelector("button.md-code__button"),
      });
    }
  }
  const strays = [...article.querySelectorAll("pre")].filter((pre) =>
    !pre.querySelector(":scope > code") && !pre.closest(".jp-InputArea, .jp-OutputArea-output"));
  return { events, strays: strays.map((pre) => pre.textContent.slice(0, 60)) };
}
