() => ({
  overflow: document.documentElement.scrollWidth - window.innerWidth,
  clipped: [...document.querySelectorAll(".katex-display, .jp-OutputArea-output img")]
    .filter((el) => {
      const box = el.getBoundingClientRect();
      const frame = el.parentElement.closest("div.arithmatex, .jp-OutputArea-output")
        ?? document.documentElement;
      return box.left < frame.getBoundingClientRect().left - 1;
    }).map((el) => (el.textContent || el.src).slice(0, 40)),
})
