() => {
  const meta = document.querySelector(".md-search-result__meta");
  return meta !== null && !/Initializing search/.test(meta.textContent);
}
