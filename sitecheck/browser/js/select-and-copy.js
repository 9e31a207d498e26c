(code) => {
  const selection = getSelection();
  selection.selectAllChildren(code);
  document.execCommand("copy");
  selection.removeAllRanges();
}
