() => [...document.images].map((image) => ({
  src: (image.getAttribute("src") || "").slice(0, 80),
  complete: image.complete,
  width: image.naturalWidth,
  plot: !!image.closest(".jp-OutputArea-output"),
}))
