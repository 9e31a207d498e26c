(article) => article.querySelectorAll("details").forEach((d) => { d.open = true; })
