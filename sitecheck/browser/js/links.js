() => ({
  links: [...document.querySelectorAll("a[href]")].map((a) => [a.href, a.textContent.trim()]),
  ids: [...document.querySelectorAll("[id], a[name]")].map((e) => e.id || e.getAttribute("name")),
})
