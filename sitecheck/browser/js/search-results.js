() => [...document.querySelectorAll("a.md-search-result__link")]
  .map((a) => a.origin + a.pathname)
