() => new Promise((resolve) => {
  const shown = () => (document.querySelector(".md-search__output") || {}).innerHTML;
  let last = shown(), since = performance.now();
  const tick = () => {
    const now = shown();
    const calm = document.getAnimations().every((a) => a.playState !== "running");
    if (now !== last || !calm) { last = now; since = performance.now(); }
    if (performance.now() - since >= 250) resolve(true); else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})
