async (s) => {
  const text = await navigator.clipboard.readText();
  return text !== s && text;
}
