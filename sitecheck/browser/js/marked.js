(name) => (document.querySelector('.md-content') || document.body).dataset[name]
